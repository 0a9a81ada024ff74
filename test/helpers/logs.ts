import Transport from 'winston-transport';
import { createLogger, type Logger } from '../../server/log/logger.js';

/** A winston transport that keeps every formatted line, so tests can assert on what would be logged. */
export class CaptureTransport extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')] ?? JSON.stringify(info)));
    next();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export function captureLogger(level = 'debug'): { log: Logger; capture: CaptureTransport } {
  const capture = new CaptureTransport();
  return { log: createLogger({ level, json: true, transports: [capture] }), capture };
}
