import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the test SMTP server received it: the envelope, and the message as mailparser reads it. */
export interface Received {
  envelopeTo: string[];
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  language: string;
  listUnsubscribe: string;
  listUnsubscribePost: string;
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server on a free port (the `smtp-server` package), started by the test: Suivi's
 * nodemailer talks to it over TCP as it would to a provider. Every mail is parsed with
 * `mailparser`. A recipient whose address contains `reject` is refused for good (550), one
 * containing `busy` for now (451), so the failure paths are exercised against real replies.
 */
export class TestSmtpServer {
  readonly received: Received[] = [];
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (address.address.includes('reject')) {
          const error = new Error('5.1.1 No such mailbox here') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        if (address.address.includes('busy')) {
          const error = new Error('4.2.1 Mailbox busy, try later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              // As written, unfolded (mailparser folds List-* headers into one structured `list` header).
              const header = (name: string) => {
                const line = parsed.headerLines.find((h) => h.key === name)?.line ?? '';
                return line
                  .slice(line.indexOf(':') + 1)
                  .replace(/\r?\n\s+/g, ' ')
                  .trim();
              };
              this.received.push({
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
                language: header('content-language'),
                listUnsubscribe: header('list-unsubscribe'),
                listUnsubscribePost: header('list-unsubscribe-post'),
                raw,
                parsed,
              });
              callback();
            })
            .catch(callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): Received[] {
    return this.received.filter((m) => m.envelopeTo.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
