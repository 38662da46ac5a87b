package dev.flatland.boot;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The picocli command tree: {@code flatland run|demo|selftest}. */
@Command(name = "flatland", mixinStandardHelpOptions = true, version = "flatland 0.1.0",
        description = "A user-mode nommu Linux kernel for the JVM: runs unmodified x86-64 "
                + "static-PIE Linux programs with CONFIG_MMU=n semantics.")
final class Cli implements Runnable {
    private Cli() {
    }

    static int execute(String[] args) {
        CommandLine cl = new CommandLine(new Cli());
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
