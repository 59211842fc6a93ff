package io.tcbatch.cli;

import java.util.ArrayList;
import java.util.List;

import io.tcbatch.config.ConfigException;
import io.tcbatch.render.Output;

/**
 * The options that come before the command ({@code --profile NAME --output text|json --quiet
 * --stacktrace --debug-http}); everything from the first other word on is the command and its arguments.
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
        for (; i < args.length; i++) {
            String a = args[i];
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
            } else if (a.equals("--version") || a.equals("-V")) {
                version = true;
            } else if (a.equals("--debug-http")) {
                debugHttp = true;
            } else {
                break;
            }
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(i, args.length));
        return new GlobalOptions(profile, mode, quiet, stack, version, rest, debugHttp);
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
