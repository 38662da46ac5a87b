package dev.flatland.boot;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The picocli command tree: {@code flatland run|...}, with --help and --version. */
@Command(name = "flatland", mixinStandardHelpOptions = true, version = "flatland 0.1.0",
        description = "A user-mode nommu Linux kernel for the JVM: runs unmodified x86-64 "
                + "static-PIE Linux programs with CONFIG_MMU=n semantics.",
        subcommands = {RunCommand.class})
final class Cli implements Runnable {
    /** Exit status for an internal error (sysexits.h EX_SOFTWARE). */
    static final int EX_SOFTWARE = 70;

    private Cli() {
    }

    static int execute(String[] args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Main.internalError(ex);
            return EX_SOFTWARE;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
