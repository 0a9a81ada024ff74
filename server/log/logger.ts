import winston from 'winston';
import type Transport from 'winston-transport';
import { currentContext } from './context.js';
import { redact } from './redact.js';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  json: boolean;
  /** Extra transports (tests capture lines with one). */
  transports?: Transport[];
  silent?: boolean;
}

const withContextAndRedaction = winston.format((info) => {
  const ctx = currentContext();
  const { level, message, ...rest } = info;
  const clean = redact(rest) as Record<string, unknown>;
  const out = Object.assign(info, clean, ctx ? { ...ctx } : {});
  // winston keeps level/message on symbols too; keep the visible ones untouched
  out.level = level;
  out.message = typeof message === 'string' ? message : JSON.stringify(redact(message));
  return out;
});

/** Builds a logger; redaction happens before any transport sees the line. */
export function createLogger(opts: LoggerOptions): Logger {
  const base = winston.format.combine(withContextAndRedaction(), winston.format.timestamp());
  const format = opts.json
    ? winston.format.combine(base, winston.format.json())
    : winston.format.combine(
        base,
        winston.format.colorize(),
        winston.format.printf(({ timestamp, level, message, ...rest }) => {
          const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
          return `${timestamp} ${level} ${message}${extra}`;
        }),
      );
  const transports = opts.transports ?? [new winston.transports.Console()];
  return skipDisabledLevels(winston.createLogger({ level: opts.level, format, transports, silent: opts.silent }));
}

/**
 * winston runs every line through the whole format chain (redaction, context, timestamp, JSON) and only then lets
 * the transports drop a level that is off: a disabled `debug` on a hot path cost as much as a written line
 * (issue 17 profile). Each level method now returns at once when no transport takes that level; `isLevelEnabled`
 * is asked on every call, so a level changed at run time (or a transport's own level) still applies.
 */
function skipDisabledLevels(logger: Logger): Logger {
  const methods = logger as unknown as Record<string, (this: Logger, ...args: unknown[]) => Logger>;
  for (const level of Object.keys(logger.levels)) {
    const write = methods[level];
    if (typeof write !== 'function') continue;
    methods[level] = function (this: Logger, ...args: unknown[]) {
      return this.isLevelEnabled(level) ? write.apply(this, args) : this;
    };
  }
  return logger;
}
