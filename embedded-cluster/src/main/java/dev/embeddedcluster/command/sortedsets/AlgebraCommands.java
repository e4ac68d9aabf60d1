package dev.embeddedcluster.command.sortedsets;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Key;
import dev.embeddedcluster.keyspace.ScoreSkipList.Node;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.EncodingLimits;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.util.RedisNumbers;
import dev.embeddedcluster.util.Strtod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.DoubleBinaryOperator;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, as Redis computes them: plain sets
 * count as sorted sets whose scores are all 1, the inputs are visited smallest first (union and
 * intersection), and each score is weighted, then combined by SUM (NaN becoming 0), MIN or MAX.
 */
final class AlgebraCommands {
    private AlgebraCommands() {
    }

    private enum Operation {
        UNION("zunionstore"), INTER("zinterstore"), DIFF("zdiffstore");

        final String storeEvent;

        Operation(String storeEvent) {
            this.storeEvent = storeEvent;
        }
    }

    private enum Aggregate {
        SUM((a, b) -> {
            double sum = a + b;
            return Double.isNaN(sum) ? 0 : sum;
        }),
        MIN((a, b) -> b < a ? b : a),
        MAX((a, b) -> b > a ? b : a);

        final DoubleBinaryOperator combine;

        Aggregate(DoubleBinaryOperator combine) {
            this.combine = combine;
        }
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("zunion", r -> combine(r, 1, null, Operation.UNION, false));
        registry.accept("zunionstore", r -> combine(r, 2, r.arg(1), Operation.UNION, false));
        registry.accept("zinter", r -> combine(r, 1, null, Operation.INTER, false));
        registry.accept("zinterstore", r -> combine(r, 2, r.arg(1), Operation.INTER, false));
        registry.accept("zintercard", r -> combine(r, 1, null, Operation.INTER, true));
        registry.accept("zdiff", r -> combine(r, 1, null, Operation.DIFF, false));
        registry.accept("zdiffstore", r -> combine(r, 2, r.arg(1), Operation.DIFF, false));
    }

    /** One input: its elements (none for a missing key) and its weight. */
    private static final class Input {
        final Object value;
        double weight = 1;

        Input(Object value) {
            this.value = value;
        }

        int size() {
            if (value instanceof SortedSetValue set) {
                return set.size();
            }
            return value instanceof SetValue set ? set.size() : 0;
        }

        /** Each member with its unweighted score, in the input's order. */
        void forEach(BiConsumer<byte[], Double> action) {
            if (value instanceof SortedSetValue set) {
                for (Node n = set.first(); n != null; n = n.next()) {
                    action.accept(n.member(), n.score());
                }
            } else if (value instanceof SetValue set) {
                set.members().forEach(member -> action.accept(member, 1.0));
            }
        }

        /** A member's unweighted score, or null. */
        Double score(byte[] member) {
            if (value instanceof SortedSetValue set) {
                return set.score(member);
            }
            return value instanceof SetValue set && set.contains(member) ? 1.0 : null;
        }
    }

    private static void combine(Request r, int numKeysIndex, byte[] destination, Operation operation, boolean countOnly) {
        Long numKeys = RedisNumbers.parseLong(r.arg(numKeysIndex));
        if (numKeys == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        if (numKeys < 1) {
            r.reply().error(Errors.noInputKeys(r.spec().fullName()));
            return;
        }
        if (numKeys > r.argc() - (numKeysIndex + 1)) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        int count = numKeys.intValue();
        List<Input> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Entry entry = r.keyspace().read(r.arg(numKeysIndex + 1 + i));
            Object value = entry == null ? null : entry.value();
            if (value != null && !(value instanceof SortedSetValue) && !(value instanceof SetValue)) {
                r.reply().error(Errors.WRONG_TYPE);
                return;
            }
            inputs.add(new Input(value));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        int j = numKeysIndex + 1 + count;
        while (j < r.argc()) {
            int remaining = r.argc() - j;
            boolean weighted = operation != Operation.DIFF && !countOnly;
            if (weighted && remaining >= count + 1 && r.is(j, "weights")) {
                j++;
                for (Input input : inputs) {
                    Double weight = Strtod.parseStrict(r.arg(j++));
                    if (weight == null) {
                        r.reply().error(Errors.WEIGHT_NOT_FLOAT);
                        return;
                    }
                    input.weight = weight;
                }
            } else if (weighted && remaining >= 2 && r.is(j, "aggregate")) {
                String name = r.text(j + 1).toUpperCase(java.util.Locale.ROOT);
                if (!name.equals("SUM") && !name.equals("MIN") && !name.equals("MAX")) {
                    r.reply().error(Errors.SYNTAX);
                    return;
                }
                aggregate = Aggregate.valueOf(name);
                j += 2;
            } else if (destination == null && !countOnly && r.is(j, "withscores")) {
                withScores = true;
                j++;
            } else if (countOnly && remaining >= 2 && r.is(j, "limit")) {
                Long parsed = Integers.atLeast(r.arg(j + 1), 0, Errors.LIMIT_NEGATIVE, r.reply());
                if (parsed == null) {
                    return;
                }
                limit = parsed;
                j += 2;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (operation != Operation.DIFF) {
            inputs.sort(Comparator.comparingInt(Input::size));
        }
        if (countOnly) {
            r.reply().integer(intersectionCount(inputs, limit));
            return;
        }
        SortedSetValue result = switch (operation) {
            case UNION -> union(inputs, aggregate, r.keyspace().limits());
            case INTER -> intersection(inputs, aggregate, r.keyspace().limits());
            case DIFF -> difference(inputs, r.keyspace().limits());
        };
        if (destination != null) {
            Results.store(r, destination, result, operation.storeEvent, false);
            return;
        }
        List<Node> nodes = new ArrayList<>(result.size());
        for (Node n = result.first(); n != null; n = n.next()) {
            nodes.add(n);
        }
        Results.reply(r.reply(), nodes, withScores);
    }

    private static double weighted(double score, Input input) {
        double value = score * input.weight;
        return Double.isNaN(value) ? 0 : value;
    }

    private static SortedSetValue union(List<Input> inputs, Aggregate aggregate, EncodingLimits limits) {
        Map<Key, double[]> scores = new LinkedHashMap<>();
        for (Input input : inputs) {
            input.forEach((member, score) -> {
                double value = weighted(score, input);
                double[] current = scores.get(new Key(member));
                if (current == null) {
                    scores.put(new Key(member), new double[] {value});
                } else {
                    current[0] = aggregate.combine.applyAsDouble(current[0], value);
                }
            });
        }
        SortedSetValue result = new SortedSetValue(limits);
        scores.forEach((member, score) -> result.put(member.bytes(), score[0]));
        return result;
    }

    private static SortedSetValue intersection(List<Input> inputs, Aggregate aggregate, EncodingLimits limits) {
        SortedSetValue result = new SortedSetValue(limits);
        inputs.get(0).forEach((member, score) -> {
            Double combined = intersected(inputs, aggregate, member, score);
            if (combined != null) {
                result.put(member, combined);
            }
        });
        return result;
    }

    /** A member of the first (smallest) input combined over every input; null when one lacks it. */
    private static Double intersected(List<Input> inputs, Aggregate aggregate, byte[] member, double score) {
        double combined = weighted(score, inputs.get(0));
        for (int i = 1; i < inputs.size(); i++) {
            Input other = inputs.get(i);
            Double found = other.value == inputs.get(0).value ? Double.valueOf(score) : other.score(member);
            if (found == null) {
                return null;
            }
            combined = aggregate.combine.applyAsDouble(combined, found * other.weight);
        }
        return combined;
    }

    private static long intersectionCount(List<Input> inputs, long limit) {
        long[] count = {0};
        List<byte[]> members = new ArrayList<>();
        inputs.get(0).forEach((member, score) -> members.add(member));
        for (byte[] member : members) {
            if (intersected(inputs, Aggregate.SUM, member, 0) != null) {
                count[0]++;
                if (limit > 0 && count[0] >= limit) {
                    break;
                }
            }
        }
        return count[0];
    }

    private static SortedSetValue difference(List<Input> inputs, EncodingLimits limits) {
        SortedSetValue result = new SortedSetValue(limits);
        inputs.get(0).forEach((member, score) -> {
            for (int i = 1; i < inputs.size(); i++) {
                if (inputs.get(i).score(member) != null) {
                    return;
                }
            }
            result.put(member, score);
        });
        return result;
    }
}
