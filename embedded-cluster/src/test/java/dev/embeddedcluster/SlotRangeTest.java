package dev.embeddedcluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotRangeTest {
    @Test
    void parsesWhatItPrints() {
        assertThat(SlotRange.parse("0-5460")).isEqualTo(SlotRange.of(0, 5460));
        assertThat(SlotRange.parse(" 42 ")).isEqualTo(SlotRange.of(42, 42));
        assertThat(SlotRange.parse("100 - 200")).isEqualTo(SlotRange.of(100, 200));
        assertThat(SlotRange.parse(SlotRange.of(7, 9).toString())).isEqualTo(SlotRange.of(7, 9));
    }

    @Test
    void refusesWhatIsNotARange() {
        assertThatThrownBy(() -> SlotRange.parse("a-b")).hasMessage("'a-b' is not a slot range such as 0-5460 or 42");
        assertThatThrownBy(() -> SlotRange.parse("")).hasMessage("'' is not a slot range such as 0-5460 or 42");
        assertThatThrownBy(() -> SlotRange.parse("-1")).hasMessage("invalid slot range -1--1 (slots are 0-16383)");
        assertThatThrownBy(() -> SlotRange.parse("5-16384")).hasMessage("invalid slot range 5-16384 (slots are 0-16383)");
        assertThatThrownBy(() -> SlotRange.parse("9-3")).hasMessage("invalid slot range 9-3 (slots are 0-16383)");
    }
}
