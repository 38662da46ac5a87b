package dev.flatland.boot;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;

/** Entry point of the {@code flatland} command. No Java exception escapes it. */
public final class Main {
    static final boolean DEBUG = Boolean.getBoolean("flatland.debug");

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status;
        try {
            status = Cli.execute(args);
        } catch (Throwable t) {
            internalError(t);
            status = Cli.EX_SOFTWARE;
        }
        System.out.flush();
        System.exit(status);
    }

    /** Prints the one-line internal-error report (and the trace with -Dflatland.debug=true). */
    static void internalError(Throwable t) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        err.println("flatland: internal error: " + t + (DEBUG ? ""
                : " (a Flatland bug; rerun with -Dflatland.debug=true for the Java stack trace)"));
        if (DEBUG) {
            t.printStackTrace(err);
        }
    }
}
