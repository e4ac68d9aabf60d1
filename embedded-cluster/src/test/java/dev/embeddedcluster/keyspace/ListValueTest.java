package dev.embeddedcluster.keyspace;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ListValueTest {

    private static List<String> contents(ListValue list) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new String(list.get(i)));
        }
        return out;
    }

    @Test
    void behavesLikeADequeWithIndexesAcrossGrowthAndWraparound() {
        ListValue list = new ListValue(new EncodingLimits());
        ArrayDeque<String> model = new ArrayDeque<>();
        Random random = new Random(42);
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(4);
            String element = Integer.toString(step);
            if (op == 0) {
                list.addFirst(element.getBytes());
                model.addFirst(element);
            } else if (op == 1) {
                list.addLast(element.getBytes());
                model.addLast(element);
            } else if (op == 2 && !model.isEmpty()) {
                assertThat(new String(list.removeFirst())).isEqualTo(model.removeFirst());
            } else if (op == 3 && !model.isEmpty()) {
                assertThat(new String(list.removeLast())).isEqualTo(model.removeLast());
            }
        }
        assertThat(contents(list)).containsExactlyElementsOf(model);
        assertThat(contents(list.copy())).containsExactlyElementsOf(model);
    }

    @Test
    void insertsAndRemovesInside() {
        ListValue list = new ListValue(new EncodingLimits());
        for (String s : List.of("a", "b", "c")) {
            list.addLast(s.getBytes());
        }
        list.addFirst("z".getBytes());
        list.insert(2, "X".getBytes());
        list.insert(list.size(), "end".getBytes());
        list.insert(0, "start".getBytes());
        assertThat(contents(list)).containsExactly("start", "z", "a", "X", "b", "c", "end");
        list.remove(3);
        list.remove(0);
        list.remove(list.size() - 1);
        assertThat(contents(list)).containsExactly("z", "a", "b", "c");
        list.set(1, "A".getBytes());
        assertThat(contents(list)).containsExactly("z", "A", "b", "c");
    }
}
