package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import org.junit.jupiter.api.Test;

/**
 * HotSpot never JIT-compiles a method whose bytecode exceeds 8000 bytes (-XX:HugeMethodLimit,
 * with DontCompileHugeMethods on by default): the interpreter's dispatch methods must stay below
 * it, or guest code would run in the JVM's own bytecode interpreter, orders of magnitude slower.
 */
final class HotMethodSizeTest {
    private static final int HUGE_METHOD_LIMIT = 8000;

    private static int codeLength(Class<?> type, String method) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            ClassModel cm = ClassFile.of().parse(in.readAllBytes());
            for (MethodModel mm : cm.methods()) {
                if (mm.methodName().equalsString(method)) {
                    return mm.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength)
                            .orElseThrow();
                }
            }
        }
        throw new AssertionError("no method " + method + " in " + type);
    }

    @Test
    void dispatchMethodsStayCompilable() throws IOException {
        for (String[] m : new String[][] {{"BlockLoop", "execBlock"}, {"OpcodeTable", "exec"}}) {
            Class<?> type = m[0].equals("BlockLoop") ? BlockLoop.class : OpcodeTable.class;
            int len = codeLength(type, m[1]);
            assertTrue(len > 1000 && len < HUGE_METHOD_LIMIT, m[0] + "." + m[1] + " is " + len + " bytes of bytecode");
        }
    }
}
