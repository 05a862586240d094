package org.cutmixsl.spark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cutmixsl.common.io.Location;

/**
 * A CSV file with a header row, as the project writes them (results.csv, attack/results.csv; metrics.csv is read
 * by its own codec, MetricsCodec): comma-separated, double-quoted cells where they hold a comma or a quote, empty
 * cells for missing values.
 *
 * @param columns the header
 * @param rows one map per row, column → cell text
 */
record Table(List<String> columns, List<Map<String, String>> rows) {

    static Table read(Location file) {
        List<String> lines = file.readText().lines().toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty (no header)");
        }
        List<String> header = split(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> cells = split(lines.get(i));
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.size() + " cells, the header"
                        + " has " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** @return a cell as a number, NaN when empty or not a number */
    static double number(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
