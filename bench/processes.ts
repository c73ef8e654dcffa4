/**
 * Runs a command as a child process and measures it from the outside: wall time from spawn to
 * exit, and peak memory (resident set size) of the largest process in its tree.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** GNU time reports the peak RSS of the child and of every descendant it waited for. */
const GNU_TIME = "/usr/bin/time";

/** What to run, and where. */
export interface ProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  /** Extra environment variables, added to this process's own. */
  env?: Record<string, string>;
  /**
   * Exit codes that count as success; any other fails the measurement with the command's output.
   * @default [0]
   */
  expectExitCodes?: readonly number[];
}

/** What one run of a command took. */
export interface ProcessRun {
  wallMs: number;
  /** Peak resident set size in bytes, `undefined` when GNU time is not installed. */
  maxRssBytes: number | undefined;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Environment that keeps third-party CLIs quiet and offline during a measurement. */
export const QUIET_TOOL_ENV: Readonly<Record<string, string>> = {
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  NO_UPDATE_NOTIFIER: "1",
  NO_COLOR: "1",
};

/**
 * Runs `command` to completion. Under GNU time when it is installed, which adds about a
 * millisecond and lets the peak memory of the whole process tree be read from its report.
 */
export function timeProcess(options: ProcessOptions): Promise<ProcessRun> {
  const { command, args, cwd, env = {}, expectExitCodes = [0] } = options;
  const useGnuTime = existsSync(GNU_TIME);
  const [file, argv] = useGnuTime
    ? [GNU_TIME, ["-f", "maxrss_kb=%M", "--", command, ...args]]
    : [command, [...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, {
      cwd,
      env: { ...process.env, ...QUIET_TOOL_ENV, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - started;
      let errText = Buffer.concat(stderr).toString("utf8");
      let maxRssBytes: number | undefined;
      if (useGnuTime) {
        const match = /maxrss_kb=(\d+)\s*$/.exec(errText);
        if (match !== null) {
          maxRssBytes = Number(match[1]) * 1024;
          errText = errText.slice(0, match.index);
        }
        // GNU time prints "Command exited with non-zero status N" before its own line.
        errText = errText.replace(
          /Command (exited with non-zero status \d+|terminated by signal \d+)\n?$/,
          "",
        );
      }
      const exitCode = code ?? 128;
      const run: ProcessRun = {
        wallMs,
        maxRssBytes,
        exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: errText,
      };
      if (!expectExitCodes.includes(exitCode)) {
        const shown = `${command} ${args.join(" ")}`;
        const output = `${run.stdout}\n${run.stderr}`.trim().split("\n").slice(-30).join("\n");
        reject(
          new Error(
            `\`${shown}\` in ${cwd} exited with ${signal ?? exitCode} (expected ${expectExitCodes.join(" or ")}):\n${output}`,
          ),
        );
        return;
      }
      resolve(run);
    });
  });
}
