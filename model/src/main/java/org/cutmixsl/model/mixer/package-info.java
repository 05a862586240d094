/**
 * The server side of a group (SPEC sections 3 and 5): decoded client tokens to one training batch with soft labels
 * (CutMix, Mixup, or plain concatenation), and the batch gradient back to one payload per client.
 */
package org.cutmixsl.model.mixer;
