import { pickText, type Bilingual, type EmailCategory, type Locale } from '@suivi/contracts';

/**
 * What a mail says, in the recipient's language (DESIGN.md, "What a mail may carry"): public
 * content and matters of the recipient's own account, and about anything else only "Something new
 * is waiting for you in Suivi". Subjects are neutral (a subject shows on a locked phone's screen):
 * they name a kind of news, never a commitment, a person or a place. Plain text and HTML carry the
 * same words; the HTML has no remote content (no images, fonts or trackers) and escapes everything.
 */

export interface MailLine {
  text: string;
  /** A path under PUBLIC_URL. */
  href?: string;
  /** A second, quieter line (a date, an excerpt). */
  detail?: string;
}

export interface MailSection {
  heading?: string;
  lines: MailLine[];
}

export interface ComposedMail {
  subject: string;
  paragraphs: string[];
  sections: MailSection[];
  action: { label: string; href: string } | null;
}

type Strings = typeof EN;

const EN = {
  brand: 'Suivi',
  hello: (name: string) => `Hello ${name},`,
  waitingSubject: 'Something new is waiting for you',
  waiting: 'Something new is waiting for you in Suivi.',
  waitingWhy: 'Sign in to read it: this mail carries nothing of it, because it is not public.',
  signIn: 'Sign in to Suivi',
  open: 'Open in Suivi',
  newsSubject: 'News on a commitment you follow',
  news: {
    status_change: 'The status of a commitment you follow changed.',
    report: 'A report was filed on a commitment you follow.',
    verification: 'A report on a commitment you follow was verified.',
    due_date: 'The due date of a commitment you follow changed.',
  } as Record<string, string>,
  replySubject: 'A reply in a discussion',
  reply: (by: string) => `${by} replied to you in a public discussion.`,
  mentionSubject: 'You were mentioned in a discussion',
  mention: (by: string) => `${by} mentioned you in a public discussion.`,
  roundSubject: 'Reports are requested',
  round: (title: string, due: string) => `The round "${title}" asks your organisation for reports by ${due}:`,
  assessSubject: 'Independent assessments are invited',
  assess: (title: string, due: string) =>
    `The round "${title}" invites civil society to assess these commitments by ${due} (any organisation that does not own one may):`,
  reminderBeforeSubject: (days: number): string => (days === 1 ? 'Reports are due tomorrow' : `Reports are due in ${days} days`),
  reminderBefore: (title: string, due: string) => `In the round "${title}", your organisation's reports are due on ${due}. Still awaited:`,
  reminderAfterSubject: 'Reports were due yesterday',
  reminderAfter: (title: string, due: string) =>
    `In the round "${title}", your organisation's reports were due on ${due}. Still awaited (a late report still counts, as late):`,
  fileReport: 'File the reports in Suivi',
  myWork: 'See what is asked of you',
  verifiedSubject: 'A report of your organisation was verified',
  verified: 'The secretariat verified a report of your organisation on this commitment:',
  contestedSubject: 'A commitment of your organisation is contested',
  contested: "Civil society's independent assessment now differs from your organisation's report on this commitment:",
  toVerifySubject: 'A report waits for verification',
  toVerify: (org: string) =>
    `${org ? `${org} filed` : 'An organisation filed'} a self-report that waits for the secretariat's verification:`,
  accountSubject: 'About your Suivi account',
  account: {
    approved: 'Your account is open: you can now take part in Suivi.',
    suspended: 'Your account was suspended by the secretariat. To ask why or to appeal, write to the secretariat.',
    reinstated: 'Your account was reinstated.',
    registration_repeated:
      'Someone tried to register a new account with your address. No account was made. If it was you, sign in instead, or ask the secretariat for a reset link.',
  } as Record<string, string>,
  resetSubject: 'Your password reset link',
  reset: (hours: number) =>
    `The secretariat sent you a link to choose a new password. It works once, for ${hours} hours. If you did not ask for it, tell the secretariat.`,
  resetAction: 'Choose a new password',
  digestSubject: (weekly: boolean): string => (weekly ? 'Your week in Suivi' : 'Your day in Suivi'),
  digest: (weekly: boolean): string => (weekly ? 'What happened this week, newest first:' : 'What happened since yesterday, newest first:'),
  digestOther: 'Asks, reminders and your account',
  digestWaiting: 'Something new is waiting for you in Suivi (sign in to read it).',
  footerWhy: (category: string) => `You receive this mail for: ${category}.`,
  footerChange: 'Choose which mails you receive, and how often',
  footerStop: 'Stop these mails',
  categories: {
    activity: 'what you follow',
    asks: 'what is asked of you',
    reminders: 'round reminders',
    account: 'your account',
  } as Record<EmailCategory, string>,
  date: (day: string) =>
    new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

const FR: Strings = {
  brand: 'Suivi',
  hello: (name: string) => `Bonjour ${name},`,
  waitingSubject: 'Du nouveau vous attend',
  waiting: 'Du nouveau vous attend dans Suivi.',
  waitingWhy: "Connectez-vous pour le lire : ce courriel n'en dit rien, car ce n'est pas public.",
  signIn: 'Se connecter à Suivi',
  open: 'Ouvrir dans Suivi',
  newsSubject: 'Du nouveau sur un engagement que vous suivez',
  news: {
    status_change: "L'état d'un engagement que vous suivez a changé.",
    report: 'Un rapport a été déposé sur un engagement que vous suivez.',
    verification: 'Un rapport sur un engagement que vous suivez a été vérifié.',
    due_date: "L'échéance d'un engagement que vous suivez a changé.",
  },
  replySubject: 'Une réponse dans une discussion',
  reply: (by: string) => `${by} vous a répondu dans une discussion publique.`,
  mentionSubject: 'Vous avez été mentionné·e dans une discussion',
  mention: (by: string) => `${by} vous a mentionné·e dans une discussion publique.`,
  roundSubject: 'Des rapports sont demandés',
  round: (title: string, due: string) => `Le cycle « ${title} » demande des rapports à votre organisation d'ici le ${due} :`,
  assessSubject: 'Des évaluations indépendantes sont attendues',
  assess: (title: string, due: string) =>
    `Le cycle « ${title} » invite la société civile à évaluer ces engagements d'ici le ${due} (toute organisation qui n'en est pas responsable le peut) :`,
  reminderBeforeSubject: (days: number) =>
    days === 1 ? 'Des rapports sont attendus demain' : `Des rapports sont attendus dans ${days} jours`,
  reminderBefore: (title: string, due: string) =>
    `Dans le cycle « ${title} », les rapports de votre organisation sont attendus le ${due}. Toujours attendus :`,
  reminderAfterSubject: 'Des rapports étaient attendus hier',
  reminderAfter: (title: string, due: string) =>
    `Dans le cycle « ${title} », les rapports de votre organisation étaient attendus le ${due}. Toujours attendus (un rapport tardif compte encore, comme tardif) :`,
  fileReport: 'Déposer les rapports dans Suivi',
  myWork: 'Voir ce qui vous est demandé',
  verifiedSubject: 'Un rapport de votre organisation a été vérifié',
  verified: 'Le secrétariat a vérifié un rapport de votre organisation sur cet engagement :',
  contestedSubject: 'Un engagement de votre organisation est contesté',
  contested: "L'évaluation indépendante de la société civile diffère désormais du rapport de votre organisation sur cet engagement :",
  toVerifySubject: 'Un rapport attend sa vérification',
  toVerify: (org: string) =>
    `${org ? `${org} a déposé` : 'Une organisation a déposé'} un rapport qui attend la vérification du secrétariat :`,
  accountSubject: 'À propos de votre compte Suivi',
  account: {
    approved: 'Votre compte est ouvert : vous pouvez désormais participer à Suivi.',
    suspended: 'Votre compte a été suspendu par le secrétariat. Pour en connaître la raison ou faire appel, écrivez au secrétariat.',
    reinstated: 'Votre compte a été rétabli.',
    registration_repeated:
      "Quelqu'un a tenté de créer un compte avec votre adresse. Aucun compte n'a été créé. Si c'était vous, connectez-vous, ou demandez au secrétariat un lien de réinitialisation.",
  },
  resetSubject: 'Votre lien de réinitialisation du mot de passe',
  reset: (hours: number) =>
    `Le secrétariat vous envoie un lien pour choisir un nouveau mot de passe. Il ne sert qu'une fois, pendant ${hours} heures. Si vous ne l'avez pas demandé, prévenez le secrétariat.`,
  resetAction: 'Choisir un nouveau mot de passe',
  digestSubject: (weekly: boolean) => (weekly ? 'Votre semaine dans Suivi' : 'Votre journée dans Suivi'),
  digest: (weekly: boolean) =>
    weekly
      ? 'Ce qui s’est passé cette semaine, du plus récent au plus ancien :'
      : 'Ce qui s’est passé depuis hier, du plus récent au plus ancien :',
  digestOther: 'Demandes, rappels et votre compte',
  digestWaiting: 'Du nouveau vous attend dans Suivi (connectez-vous pour le lire).',
  footerWhy: (category: string) => `Vous recevez ce courriel pour : ${category}.`,
  footerChange: 'Choisir les courriels que vous recevez, et leur fréquence',
  footerStop: 'Ne plus recevoir ces courriels',
  categories: {
    activity: 'ce que vous suivez',
    asks: 'ce qui vous est demandé',
    reminders: 'les rappels des cycles',
    account: 'votre compte',
  },
  date: (day: string) =>
    new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

export const MAIL_STRINGS: Record<Locale, Strings> = { en: EN, fr: FR };

export const text = (value: Bilingual | null | undefined, locale: Locale): string => pickText(value, locale).text;

/** The mail about something not public: the same words whatever it is. */
export function waitingMail(locale: Locale): ComposedMail {
  const t = MAIL_STRINGS[locale];
  return { subject: t.waitingSubject, paragraphs: [t.waiting, t.waitingWhy], sections: [], action: { label: t.signIn, href: '/sign-in' } };
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/**
 * The two parts. `links` are absolute (PUBLIC_URL + path); `unsubscribe` is the page a person
 * opens to stop this category (the one-click POST target goes in the header).
 */
export function renderMail(
  mail: ComposedMail,
  options: { locale: Locale; name: string; publicUrl: string; category: EmailCategory; unsubscribePage: string | null },
): Rendered {
  const t = MAIL_STRINGS[options.locale];
  const url = (path: string) => `${options.publicUrl}${path}`;
  const subject = `${t.brand} — ${mail.subject}`;

  const textParts: string[] = [t.hello(options.name), '', ...mail.paragraphs.flatMap((p) => [p, ''])];
  for (const section of mail.sections) {
    if (section.heading) {
      textParts.push(section.heading, '');
    }
    for (const line of section.lines) {
      textParts.push(`- ${line.text}${line.detail ? ` (${line.detail})` : ''}${line.href ? `\n  ${url(line.href)}` : ''}`);
    }
    textParts.push('');
  }
  if (mail.action) {
    textParts.push(`${mail.action.label}: ${url(mail.action.href)}`, '');
  }
  textParts.push('-- ', t.footerWhy(t.categories[options.category]), `${t.footerChange}: ${url('/account#email')}`);
  if (options.unsubscribePage) {
    textParts.push(`${t.footerStop}: ${options.unsubscribePage}`);
  }

  const link = (href: string, label: string) => `<a href="${escapeHtml(url(href))}" style="color:#0b5394">${escapeHtml(label)}</a>`;
  const html = [
    `<!doctype html><html lang="${options.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`,
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff">`,
    `<div style="max-width:600px;margin:0 auto">`,
    `<p style="font-weight:bold;color:#0b5394;margin:0 0 16px">${escapeHtml(t.brand)}</p>`,
    `<p>${escapeHtml(t.hello(options.name))}</p>`,
    ...mail.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...mail.sections.map(
      (section) =>
        `${section.heading ? `<h2 style="font-size:17px;margin:20px 0 8px">${escapeHtml(section.heading)}</h2>` : ''}<ul style="padding-left:20px">${section.lines
          .map(
            (line) =>
              `<li style="margin-bottom:8px">${line.href ? link(line.href, line.text) : escapeHtml(line.text)}${
                line.detail ? `<br><span style="color:#555555;font-size:14px">${escapeHtml(line.detail)}</span>` : ''
              }</li>`,
          )
          .join('')}</ul>`,
    ),
    mail.action
      ? `<p style="margin:24px 0"><a href="${escapeHtml(url(mail.action.href))}" style="display:inline-block;padding:10px 16px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(mail.action.label)}</a></p>`
      : '',
    `<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0 12px">`,
    `<p style="font-size:13px;color:#555555">${escapeHtml(t.footerWhy(t.categories[options.category]))}<br>`,
    link('/account#email', t.footerChange),
    options.unsubscribePage
      ? ` · <a href="${escapeHtml(options.unsubscribePage)}" style="color:#0b5394">${escapeHtml(t.footerStop)}</a>`
      : '',
    `</p></div></body></html>`,
  ].join('');

  return { subject, text: textParts.join('\n'), html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
