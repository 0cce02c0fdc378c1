package io.quotepipe.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs. A zombie (ended, not yet reaped by its new parent) does not. */
final class RunningProcesses {

    private RunningProcesses() {
    }

    static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String line = Files.readString(stat);
            // pid (comm) state ...: the state follows the last ')'.
            char state = line.substring(line.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
