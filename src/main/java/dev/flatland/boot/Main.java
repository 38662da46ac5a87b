package dev.flatland.boot;

/** Entry point of the {@code flatland} command. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
