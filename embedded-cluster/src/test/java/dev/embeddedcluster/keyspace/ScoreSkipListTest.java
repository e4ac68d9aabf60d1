package dev.embeddedcluster.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreSkipListTest {
    private record Element(double score, byte[] member) {
    }

    private static final Comparator<Element> ORDER = Comparator.comparingDouble(Element::score)
            .thenComparing(Element::member, Arrays::compareUnsigned);

    @Test
    void ranksAndOrderFollowASortedModelThroughRandomChanges() {
        Random random = new Random(42);
        ScoreSkipList list = new ScoreSkipList();
        TreeSet<Element> model = new TreeSet<>(ORDER);
        for (int step = 0; step < 20_000; step++) {
            Element e = new Element(random.nextInt(50), ("m" + random.nextInt(300)).getBytes(StandardCharsets.US_ASCII));
            boolean present = model.contains(e);
            if (random.nextInt(3) == 0 || present) {
                assertThat(list.delete(e.score(), e.member())).isEqualTo(model.remove(e));
            } else {
                list.insert(e.score(), e.member());
                model.add(e);
            }
            if (step % 997 == 0) {
                assertMatches(list, model);
            }
        }
        assertMatches(list, model);
    }

    private static void assertMatches(ScoreSkipList list, TreeSet<Element> model) {
        assertThat(list.length()).isEqualTo(model.size());
        List<Element> expected = new ArrayList<>(model);
        List<Element> forward = new ArrayList<>();
        for (ScoreSkipList.Node n = list.first(); n != null; n = n.next()) {
            forward.add(new Element(n.score(), n.member()));
        }
        assertThat(forward).usingElementComparator(ORDER).containsExactlyElementsOf(expected);
        int rank = 1;
        for (Element e : expected) {
            assertThat(list.rank(e.score(), e.member())).isEqualTo(rank);
            ScoreSkipList.Node at = list.byRank(rank);
            assertThat(at.member()).isEqualTo(e.member());
            rank++;
        }
        assertThat(list.byRank(0)).isNull();
        assertThat(list.byRank(expected.size() + 1)).isNull();
        assertThat(list.rank(-1, new byte[] {1})).isZero();
        if (!expected.isEmpty()) {
            assertThat(list.last().member()).isEqualTo(expected.get(expected.size() - 1).member());
            assertThat(list.last().previous() == null).isEqualTo(expected.size() == 1);
        }
    }
}
