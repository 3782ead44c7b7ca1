package io.crowdpay.benchmarks;

/**
 * The flags every JVM that loads Chronicle needs (see DEPENDENCIES.md), as compile-time constants so
 * that each benchmark's {@code @Fork(jvmArgsAppend = ...)} can list them: a forked JVM must never
 * depend on how the launcher was started, and Chronicle's analytics must never be enabled.
 */
final class JvmFlags {

    static final String A1 = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String A2 = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String A3 = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    static final String A4 = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    static final String A5 = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    static final String A6 = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String A7 = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String A8 = "--add-opens=java.base/java.io=ALL-UNNAMED";
    static final String A9 = "--add-opens=java.base/java.util=ALL-UNNAMED";
    static final String A10 = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String ANALYTICS = "-Dchronicle.analytics.disable=true";

    private JvmFlags() {
    }
}
