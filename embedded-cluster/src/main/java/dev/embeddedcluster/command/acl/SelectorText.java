package dev.embeddedcluster.command.acl;

import java.util.ArrayList;
import java.util.List;

/** How rule arguments group into selectors: "(+get" "~k*)" is one selector "(+get ~k*)". */
final class SelectorText {
    private SelectorText() {
    }

    /**
     * The rules with each parenthesized selector spread over several arguments joined by spaces;
     * null when a selector is not closed, with the index of its first argument in {@code unclosed[0]}.
     */
    static List<String> merge(List<String> args, int[] unclosed) {
        List<String> merged = new ArrayList<>(args.size());
        StringBuilder selector = null;
        int start = -1;
        for (int i = 0; i < args.size(); i++) {
            String op = args.get(i);
            if (selector == null && op.startsWith("(") && !op.endsWith(")")) {
                selector = new StringBuilder(op);
                start = i;
            } else if (selector != null) {
                selector.append(' ').append(op);
                if (op.endsWith(")")) {
                    merged.add(selector.toString());
                    selector = null;
                }
            } else {
                merged.add(op);
            }
        }
        if (selector != null) {
            unclosed[0] = start;
            return null;
        }
        return merged;
    }

    /** The rules inside a selector's parentheses, split at white space as Redis splits arguments. */
    static List<String> split(String text) {
        List<String> rules = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    rules.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            rules.add(current.toString());
        }
        return rules;
    }
}
