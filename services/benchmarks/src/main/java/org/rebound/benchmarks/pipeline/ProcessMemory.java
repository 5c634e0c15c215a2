package org.rebound.benchmarks.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory peaks so far: what a run or a bench reports. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** Sum of every heap pool's peak: an upper bound of the heap in use at any one moment. */
    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Peak resident set size (VmHWM) of a process from /proc/PID/status, or -1 (not Linux, or the process is gone). */
    public static long peakRssKiB(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** This process's peak resident set size, or -1 off Linux. */
    public static long peakRssKiB() {
        return peakRssKiB(Path.of("/proc/self/status"));
    }
}
