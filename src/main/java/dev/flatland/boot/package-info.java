/**
 * The composition root and the picocli command line: builds guest memory, the kernel and the engine, and runs the program.
 */
package dev.flatland.boot;
