package io.tcbatch.cli;

import java.util.ArrayList;
import java.util.List;

import io.tcbatch.config.ConfigException;
import io.tcbatch.render.Output;

/**
 * The global options ({@code --profile NAME --output text|json --quiet --stacktrace --debug-http}):
 * before the command, and for a single command also after its word ({@code jobs --output json}),
 * since no command has options of these names. A script ({@code SCRIPT.groovy …}, {@code run SCRIPT …})
 * gets everything after it as its own arguments, untouched.
 */
record GlobalOptions(String profile, Output.Mode output, boolean quiet, boolean stacktrace, boolean version,
                     List<String> rest, boolean debugHttp) {

    GlobalOptions(String profile, Output.Mode output, boolean quiet, boolean stacktrace, boolean version,
                  List<String> rest) {
        this(profile, output, quiet, stacktrace, version, rest, false);
    }

    static GlobalOptions parse(String[] args) {
        String profile = null;
        Output.Mode mode = Output.Mode.TEXT;
        boolean quiet = false;
        boolean stack = false;
        boolean version = false;
        boolean debugHttp = false;
        int i = 0;
        List<String> rest = new ArrayList<>();
        boolean afterCommand = false;
        for (; i < args.length; i++) {
            String a = args[i];
            if (afterCommand && a.equals("--")) {
                // Everything after "--" is the command's, whatever it looks like.
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            }
            if (a.equals("--profile") || a.startsWith("--profile=")) {
                profile = value(args, i, "--profile");
                if (!a.contains("=")) {
                    i++;
                }
            } else if (a.equals("--output") || a.startsWith("--output=")) {
                String v = value(args, i, "--output");
                if (!a.contains("=")) {
                    i++;
                }
                mode = switch (v) {
                    case "text" -> Output.Mode.TEXT;
                    case "json" -> Output.Mode.JSON;
                    default -> throw new ConfigException("--output must be text or json, not '" + v + "'");
                };
            } else if (a.equals("--quiet") || a.equals("-q")) {
                quiet = true;
            } else if (a.equals("--stacktrace")) {
                stack = true;
            } else if (!afterCommand && (a.equals("--version") || a.equals("-V"))) {
                version = true;
            } else if (a.equals("--debug-http")) {
                debugHttp = true;
            } else if (afterCommand) {
                rest.add(a);
            } else if (isScript(a)) {
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            } else {
                // The command word: global options may still follow among its arguments.
                rest.add(a);
                afterCommand = true;
            }
        }
        return new GlobalOptions(profile, mode, quiet, stack, version, rest, debugHttp);
    }

    /** A script takes every word after it as its own argument. */
    private static boolean isScript(String word) {
        return word.endsWith(".groovy") || word.equals("run");
    }

    /** Cheap pre-scan so even a failure in option parsing honours --stacktrace. */
    static boolean wantsStacktrace(String[] args) {
        return List.of(args).contains("--stacktrace");
    }

    private static String value(String[] args, int i, String name) {
        String a = args[i];
        if (a.contains("=")) {
            return a.substring(a.indexOf('=') + 1);
        }
        if (i + 1 >= args.length) {
            throw new ConfigException(name + " needs a value");
        }
        return args[i + 1];
    }
}
