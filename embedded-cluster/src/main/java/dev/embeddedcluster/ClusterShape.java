package dev.embeddedcluster;

import java.util.ArrayList;
import java.util.List;

/** The validated shape of a cluster: masters, replicas per master and each master's slots. */
record ClusterShape(int masters, int replicasPerMaster, List<List<SlotRange>> slotsPerMaster) {

    ClusterShape {
        if (masters < 1) {
            throw new IllegalArgumentException("a cluster needs at least one master, got " + masters);
        }
        if (replicasPerMaster < 0) {
            throw new IllegalArgumentException("replicas per master cannot be negative, got " + replicasPerMaster);
        }
        if (slotsPerMaster == null) {
            slotsPerMaster = defaultSplit(masters);
        }
        if (slotsPerMaster.size() != masters) {
            throw new IllegalArgumentException("slot ranges given for " + slotsPerMaster.size()
                    + " masters, but the cluster has " + masters);
        }
        int[] owner = new int[SlotRange.SLOT_COUNT];
        java.util.Arrays.fill(owner, -1);
        for (int m = 0; m < masters; m++) {
            for (SlotRange range : slotsPerMaster.get(m)) {
                for (int slot = range.start(); slot <= range.end(); slot++) {
                    if (owner[slot] >= 0) {
                        throw new IllegalArgumentException("slot " + slot + " is given to master " + owner[slot]
                                + " and to master " + m + " (overlapping slot ranges)");
                    }
                    owner[slot] = m;
                }
            }
        }
        for (int slot = 0; slot < SlotRange.SLOT_COUNT; slot++) {
            if (owner[slot] < 0) {
                throw new IllegalArgumentException("slot " + slot + " is given to no master (slot ranges must cover 0-16383)");
            }
        }
        slotsPerMaster = slotsPerMaster.stream().map(List::copyOf).toList();
    }

    int nodeCount() {
        return masters * (1 + replicasPerMaster);
    }

    /** The split redis-cli --cluster create makes: equal shares, rounded, the last one to 16383. */
    static List<List<SlotRange>> defaultSplit(int masters) {
        List<List<SlotRange>> split = new ArrayList<>();
        double share = (double) SlotRange.SLOT_COUNT / masters;
        double cursor = 0;
        int first = 0;
        for (int m = 0; m < masters; m++) {
            int last = (int) Math.round(cursor + share - 1);
            if (last > SlotRange.SLOT_COUNT - 1 || m == masters - 1) {
                last = SlotRange.SLOT_COUNT - 1;
            }
            if (last < first) {
                throw new IllegalArgumentException("too many masters for 16384 slots: " + masters);
            }
            split.add(List.of(SlotRange.of(first, last)));
            first = last + 1;
            cursor += share;
        }
        return split;
    }
}
