package org.gatehouse.audit.log.internal.store;

import java.util.Arrays;

/** A growable list of file offsets, one per record: where record {@code i} starts. */
public final class Offsets {
    private long[] values = new long[1024];
    private int size;

    public void add(long offset) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = offset;
    }

    public long get(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("record " + index + " of " + size);
        }
        return values[(int) index];
    }

    public int size() {
        return size;
    }
}
