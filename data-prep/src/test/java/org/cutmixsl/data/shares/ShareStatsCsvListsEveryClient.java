package org.cutmixsl.data.shares;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShareStatsCsvListsEveryClient {

    @Test
    void headerThenOneRowPerClient() {
        String csv = ShareStats.toCsv(new int[][] {{1, 0, 12}, {0, 7, 0}}, 3);
        assertEquals("client_id,class_0,class_1,class_2\n0,1,0,12\n1,0,7,0\n", csv);
    }
}
