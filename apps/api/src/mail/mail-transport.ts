import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

/** One mail as the worker built it: one recipient, plain text and HTML, its stable Message-ID. */
export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  locale: 'en' | 'fr';
  /** The one-click unsubscribe target (RFC 8058) and the page a person opens; none for a reset link. */
  unsubscribe: { post: string; page: string } | null;
}

/** A refusal the server meant for good (5xx): trying again would not help. */
export class PermanentMailError extends Error {}

/**
 * Where mail leaves Suivi: nodemailer over SMTP_URL, or, without it, an `.eml` file per mail in
 * the outbox folder (named after its Message-ID, so a second copy after a crash replaces the
 * first). Either way the same bytes: what a test reads from the folder is what a server receives.
 */
@Injectable()
export class MailTransport implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private transporter!: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (this.config.smtpUrl) {
      // A pool: a digest to thousands reuses a few connections instead of opening one per mail.
      this.transporter = createTransport({ url: this.config.smtpUrl, pool: true, maxConnections: 3 });
    } else {
      this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      mkdirSync(this.config.mailOutboxDir, { recursive: true, mode: 0o700 });
      this.logger.log(`no SMTP_URL: mail is written as .eml files to ${this.config.mailOutboxDir}`);
    }
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }

  get writesFiles(): boolean {
    return !this.config.smtpUrl;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message = {
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: {
        'Content-Language': mail.locale,
        // Not a conversation: no auto-replies, and a client groups nothing by it.
        'Auto-Submitted': 'auto-generated',
        ...(mail.unsubscribe
          ? { 'List-Unsubscribe': `<${mail.unsubscribe.post}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
          : {}),
      },
    };
    try {
      const info = (await this.transporter.sendMail(message)) as { message?: Buffer };
      if (this.writesFiles && info.message) {
        const name = mail.messageId.replace(/[^A-Za-z0-9.@-]/g, '');
        const file = join(this.config.mailOutboxDir, `${name}.eml`);
        writeFileSync(`${file}.tmp`, info.message, { mode: 0o600 });
        renameSync(`${file}.tmp`, file);
      }
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const text = mailError(error);
      throw code !== undefined && code >= 500 && code < 600 ? new PermanentMailError(text) : new Error(text);
    }
  }
}

/**
 * What the secretariat's failure page may show of an error: the server's code and reply, never
 * the message (a nodemailer error can quote the envelope, never the subject or body).
 */
export function mailError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  // A server's reply may quote the address: the page names the recipient already, and a log must not.
  const reply = (e.response ?? e.message ?? String(error))
    .replace(/\s+/g, ' ')
    .replace(/[^\s<>@"']+@[^\s<>"']+/g, '<address>')
    .slice(0, 300);
  return [e.code, e.responseCode, reply].filter((part) => part !== undefined && part !== '').join(' ');
}
