package io.tcbatch.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parser of STIX 2 patterns (STIX 2.1 §9, the same grammar as 2.0) into what an import can use:
 * a list of alternatives, each a conjunction of comparisons. {@code [a = 'x' OR b = 'y']} gives two
 * alternatives; {@code [file:hashes.MD5 = '…' AND file:hashes.'SHA-256' = '…']} one alternative
 * of two comparisons (one File); {@code x IN ('a', 'b')} is read as {@code x = 'a' OR x = 'b'}.
 *
 * <p>Observation operators ({@code [..] AND [..]}, {@code OR}, {@code FOLLOWEDBY}) and qualifiers
 * ({@code WITHIN}, {@code REPEATS}, {@code START … STOP}) are parsed and then read as "each
 * observation's values are indicators": ThreatConnect has no way to say "both within 5 minutes",
 * and every value named is still evidence of the same activity. Judging which comparisons map
 * to indicators is the caller's business; this class only parses, and refuses what is not a
 * pattern with the character where it stopped making sense.
 */
final class StixPattern {
    private StixPattern() {
    }

    /** Beyond this many alternatives an AND of ORs is refused rather than multiplied out. */
    static final int MAX_ALTERNATIVES = 1000;

    /**
     * One comparison: {@code objectType:path op value}. {@code path} holds the property names
     * after the colon, list indexes as {@code "[0]"} or {@code "[*]"}; {@code op} is upper case
     * ({@code =}, {@code !=}, {@code LIKE}, {@code MATCHES}, {@code ISSUBSET}, {@code EXISTS}, …);
     * {@code value} is a String, Long, Double or Boolean (null for EXISTS); {@code text} is the
     * comparison as written, for messages.
     */
    record Comparison(String objectType, List<String> path, String op, boolean negated, Object value, String text) {
        /** The path joined with dots, e.g. {@code hashes.SHA-256}, {@code dst_ref.value}. */
        String property() {
            StringBuilder b = new StringBuilder();
            for (String p : path) {
                if (b.length() > 0 && !p.startsWith("[")) {
                    b.append('.');
                }
                b.append(p);
            }
            return b.toString();
        }
    }

    /** A pattern that does not parse: what was wrong and the 1-based character where. */
    static final class PatternException extends Exception {
        final int position;

        PatternException(String message, int position) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    /** The alternatives of {@code pattern}, each a non-empty list of comparisons. */
    static List<List<Comparison>> parse(String pattern) throws PatternException {
        Parser p = new Parser(pattern);
        List<List<Comparison>> result = p.observationExpression();
        if (p.peek().kind != Kind.END) {
            throw p.error("unexpected " + p.peek().describe());
        }
        return result;
    }

    private enum Kind { LBRACKET, RBRACKET, LPAREN, RPAREN, COMMA, COLON, DOT, STAR, OP, STRING, NUMBER, WORD, END }

    private record Token(Kind kind, String text, Object value, int start, int end) {
        String describe() {
            return kind == Kind.END ? "end of pattern" : "'" + text + "'";
        }

        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }
    }

    private static final class Parser {
        private final String s;
        private final List<Token> tokens = new ArrayList<>();
        private int at;

        Parser(String s) throws PatternException {
            this.s = s;
            tokenize();
        }

        PatternException error(String what) {
            return new PatternException(what, peek().start + 1);
        }

        Token peek() {
            return tokens.get(at);
        }

        Token take() {
            return tokens.get(at++);
        }

        Token expect(Kind kind, String what) throws PatternException {
            if (peek().kind != kind) {
                throw error("expected " + what + ", found " + peek().describe());
            }
            return take();
        }

        List<List<Comparison>> observationExpression() throws PatternException {
            List<List<Comparison>> all = new ArrayList<>(observation());
            while (peek().is("OR") || peek().is("AND") || peek().is("FOLLOWEDBY")) {
                take();
                all.addAll(observation());
                limit(all.size());
            }
            return all;
        }

        private List<List<Comparison>> observation() throws PatternException {
            List<List<Comparison>> result;
            if (peek().kind == Kind.LBRACKET) {
                take();
                result = comparisonExpression();
                expect(Kind.RBRACKET, "']' closing the observation");
            } else if (peek().kind == Kind.LPAREN) {
                take();
                result = observationExpression();
                expect(Kind.RPAREN, "')'");
            } else {
                throw error("expected '[' starting an observation, found " + peek().describe());
            }
            qualifiers();
            return result;
        }

        private void qualifiers() throws PatternException {
            while (true) {
                if (peek().is("WITHIN")) {
                    take();
                    expect(Kind.NUMBER, "a number of seconds after WITHIN");
                    keyword("SECONDS");
                } else if (peek().is("REPEATS")) {
                    take();
                    expect(Kind.NUMBER, "a count after REPEATS");
                    keyword("TIMES");
                } else if (peek().is("START")) {
                    take();
                    timestamp();
                    keyword("STOP");
                    timestamp();
                } else {
                    return;
                }
            }
        }

        private void timestamp() throws PatternException {
            Token t = expect(Kind.STRING, "a timestamp t'…'");
            if (!t.text.startsWith("t")) {
                throw new PatternException("expected a timestamp t'…'", t.start + 1);
            }
        }

        private void keyword(String word) throws PatternException {
            if (!peek().is(word)) {
                throw error("expected " + word + ", found " + peek().describe());
            }
            take();
        }

        private List<List<Comparison>> comparisonExpression() throws PatternException {
            List<List<Comparison>> all = new ArrayList<>(comparisonAnd());
            while (peek().is("OR")) {
                take();
                all.addAll(comparisonAnd());
                limit(all.size());
            }
            return all;
        }

        private List<List<Comparison>> comparisonAnd() throws PatternException {
            List<List<Comparison>> all = unit();
            while (peek().is("AND")) {
                take();
                List<List<Comparison>> right = unit();
                limit((long) all.size() * right.size());
                List<List<Comparison>> product = new ArrayList<>();
                for (List<Comparison> a : all) {
                    for (List<Comparison> b : right) {
                        List<Comparison> both = new ArrayList<>(a);
                        both.addAll(b);
                        product.add(both);
                    }
                }
                all = product;
            }
            return all;
        }

        private void limit(long n) throws PatternException {
            if (n > MAX_ALTERNATIVES) {
                throw error("the pattern expands to more than " + MAX_ALTERNATIVES + " alternatives");
            }
        }

        private List<List<Comparison>> unit() throws PatternException {
            if (peek().kind == Kind.LPAREN) {
                take();
                List<List<Comparison>> inner = comparisonExpression();
                expect(Kind.RPAREN, "')'");
                return inner;
            }
            int start = peek().start;
            boolean negated = false;
            if (peek().is("NOT")) {
                take();
                negated = true;
            }
            if (peek().is("EXISTS")) {
                take();
                Path path = objectPath();
                return List.of(List.of(new Comparison(path.type, path.parts, "EXISTS", negated, null,
                        s.substring(start, tokens.get(at - 1).end))));
            }
            Path path = objectPath();
            if (peek().is("NOT")) {
                take();
                negated = true;
            }
            Token op = take();
            String name;
            if (op.kind == Kind.OP) {
                // The grammar spells equality = or ==, and inequality != or <>.
                name = op.text.equals("==") ? "=" : op.text.equals("<>") ? "!=" : op.text;
            } else if (op.kind == Kind.WORD && List.of("IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET")
                    .contains(op.text.toUpperCase(Locale.ROOT))) {
                name = op.text.toUpperCase(Locale.ROOT);
            } else {
                at--;
                throw error("expected a comparison operator (=, !=, <, >, IN, LIKE, MATCHES, ISSUBSET, …), found "
                        + op.describe());
            }
            if (name.equals("IN")) {
                expect(Kind.LPAREN, "'(' starting the IN list");
                List<Object> values = new ArrayList<>();
                values.add(value());
                while (peek().kind == Kind.COMMA) {
                    take();
                    values.add(value());
                }
                expect(Kind.RPAREN, "')' closing the IN list");
                String text = s.substring(start, tokens.get(at - 1).end);
                List<List<Comparison>> alternatives = new ArrayList<>();
                for (Object v : values) {
                    // x IN (a, b) is x = a OR x = b; NOT IN is the AND of the !=, which no caller maps anyway.
                    alternatives.add(List.of(new Comparison(path.type, path.parts, negated ? "!=" : "=", false, v, text)));
                }
                return negated ? List.of(alternatives.stream().map(l -> l.get(0)).toList()) : alternatives;
            }
            Object v = value();
            return List.of(List.of(new Comparison(path.type, path.parts, name, negated, v,
                    s.substring(start, tokens.get(at - 1).end))));
        }

        private Object value() throws PatternException {
            Token t = take();
            return switch (t.kind) {
                case STRING, NUMBER -> t.value;
                case WORD -> {
                    if (t.text.equals("true") || t.text.equals("false")) {
                        yield Boolean.valueOf(t.text);
                    }
                    at--;
                    throw error("expected a value (a quoted string, a number, true or false), found " + t.describe());
                }
                default -> {
                    at--;
                    throw error("expected a value (a quoted string, a number, true or false), found " + t.describe());
                }
            };
        }

        private record Path(String type, List<String> parts) {
        }

        private Path objectPath() throws PatternException {
            Token type = expect(Kind.WORD, "an object type such as ipv4-addr");
            expect(Kind.COLON, "':' after the object type '" + type.text + "'");
            List<String> parts = new ArrayList<>();
            parts.add(component());
            while (true) {
                if (peek().kind == Kind.DOT) {
                    take();
                    parts.add(component());
                } else if (peek().kind == Kind.LBRACKET) {
                    take();
                    Token index = take();
                    if (index.kind != Kind.STAR && index.kind != Kind.NUMBER) {
                        at--;
                        throw error("expected a list index or '*', found " + index.describe());
                    }
                    expect(Kind.RBRACKET, "']' closing the list index");
                    parts.add("[" + index.text + "]");
                } else {
                    return new Path(type.text, List.copyOf(parts));
                }
            }
        }

        private String component() throws PatternException {
            Token t = take();
            if (t.kind == Kind.WORD) {
                return t.text;
            }
            if (t.kind == Kind.STRING && t.text.startsWith("'")) {
                return (String) t.value;
            }
            at--;
            throw error("expected a property name, found " + t.describe());
        }

        private void tokenize() throws PatternException {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    tokens.add(new Token(Kind.END, "", null, n, n));
                    return;
                }
                char c = s.charAt(i);
                int start = i;
                Kind single = switch (c) {
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case ',' -> Kind.COMMA;
                    case ':' -> Kind.COLON;
                    case '.' -> Kind.DOT;
                    case '*' -> Kind.STAR;
                    default -> null;
                };
                if (single != null) {
                    tokens.add(new Token(single, String.valueOf(c), null, start, ++i));
                    continue;
                }
                if (c == '=' || c == '!' || c == '<' || c == '>') {
                    i++;
                    if (i < n && (s.charAt(i) == '=' || c == '<' && s.charAt(i) == '>')) {
                        i++;
                    } else if (c == '!') {
                        throw new PatternException("'!' must be followed by '='", start + 1);
                    }
                    tokens.add(new Token(Kind.OP, s.substring(start, i), null, start, i));
                    continue;
                }
                if (c == '\'' || ((c == 't' || c == 'h' || c == 'b') && i + 1 < n && s.charAt(i + 1) == '\'')) {
                    i = c == '\'' ? i + 1 : i + 2;
                    StringBuilder v = new StringBuilder();
                    while (true) {
                        if (i >= n) {
                            throw new PatternException("string not closed: a quote ' is missing", start + 1);
                        }
                        char d = s.charAt(i);
                        if (d == '\\') {
                            if (i + 1 >= n || (s.charAt(i + 1) != '\'' && s.charAt(i + 1) != '\\')) {
                                throw new PatternException("only \\' and \\\\ may be escaped in a string", i + 1);
                            }
                            v.append(s.charAt(i + 1));
                            i += 2;
                        } else if (d == '\'') {
                            i++;
                            break;
                        } else {
                            v.append(d);
                            i++;
                        }
                    }
                    tokens.add(new Token(Kind.STRING, s.substring(start, i), v.toString(), start, i));
                    continue;
                }
                if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                    i++;
                    while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    String text = s.substring(start, i);
                    Object value;
                    try {
                        value = text.contains(".") ? (Object) Double.valueOf(text) : (Object) Long.valueOf(text);
                    } catch (NumberFormatException e) {
                        throw new PatternException("'" + text + "' is not a number", start + 1);
                    }
                    tokens.add(new Token(Kind.NUMBER, text, value, start, i));
                    continue;
                }
                if (Character.isLetter(c) || c == '_') {
                    while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.WORD, s.substring(start, i), null, start, i));
                    continue;
                }
                if (c == '"') {
                    throw new PatternException("strings in a STIX pattern take single quotes ('…'), not double", start + 1);
                }
                throw new PatternException("unexpected character '" + c + "'", start + 1);
            }
        }
    }
}
