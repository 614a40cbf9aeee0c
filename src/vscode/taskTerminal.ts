// A task's terminal for work done inside the extension host (the `stevedore` task type): what the
// work writes goes to the terminal (and through the task's problem matcher), its result is the
// task's exit code, and closing the terminal or terminating the task cancels it.
import * as vscode from 'vscode';

/** Writes one line (no line break in `text`); the terminal needs CRLF. */
export type TaskWrite = (text: string) => void;

export function taskTerminal(work: (write: TaskWrite, signal: AbortSignal) => Promise<number>): vscode.Pseudoterminal {
  const output = new vscode.EventEmitter<string>();
  const done = new vscode.EventEmitter<number>();
  const controller = new AbortController();
  const write: TaskWrite = (text) => output.fire(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  return {
    onDidWrite: output.event,
    onDidClose: done.event,
    open: () => {
      void work(write, controller.signal).then(
        (code) => done.fire(code),
        (error: unknown) => {
          write(`Stevedore: ${error instanceof Error ? error.message : String(error)}`);
          done.fire(2);
        },
      );
    },
    close: () => controller.abort(),
  };
}
