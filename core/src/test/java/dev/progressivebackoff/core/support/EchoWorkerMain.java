package dev.progressivebackoff.core.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A worker for {@link WorkerJvmsTest}: prints READY, echoes one stdin line and an env var, exits with its argument. */
public final class EchoWorkerMain {

    private EchoWorkerMain() {}

    public static void main(String[] args) throws IOException {
        System.out.println("READY " + args[0]);
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.out.println("GOT " + line + " " + System.getenv("ECHO_WORKER_TAG"));
        System.err.println("on stderr");
        System.exit(Integer.parseInt(args[0]));
    }
}
