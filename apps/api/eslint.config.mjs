import baseConfig from '../../eslint.config.mjs';

// Layering inside the API (issue 19). Nx's tags only see projects, and the API is one project:
// these zones say which of its top-level folders may import which, so that a feature cannot lean
// on another's internals and nothing below the features can lean on a feature.
//
// - The ground floor holds what every feature stands on: who is asking and what they may do
//   (access/), the accountability record every write appends to (audit/), the database and its
//   helpers (database/), configuration, the clock, domain events, Redis, idempotency and the
//   small shared helpers (common/). It imports no feature folder.
// - A feature imports the ground floor freely, and another feature only through that feature's
//   public files: its module (to inject its services), its services (including the functions that
//   run its queries, so its SQL text stays inside it) and its DTOs (the shapes its routes accept,
//   which an export or an import reuses). Rows files, live listeners, controllers and helpers stay
//   private to their folder.
// - Nothing imports the application's root (app.module.ts, bootstrap.ts, main.ts).
//
// tools/folder-cycles.mjs (also in `npm run lint`) refuses import cycles between folders, and
// tools/lint-zones.test.mjs lints a fixture that breaks each zone and expects these errors.
export const GROUND_FLOOR = ['access', 'audit', 'clock', 'common', 'config', 'database', 'events', 'idempotency', 'redis'];
export const PUBLIC_FILE = ['module', 'service', 'dto'];

const floor = GROUND_FLOOR.join('|');
const publicFile = PUBLIC_FILE.join('|');
/** `../` as many times as a file at `depth` folders below src/ needs to reach src/. */
const toSrc = (depth) => `^(?:\\.\\./){${depth}}(?!\\.\\./)`;

const zones = (depth) => {
  const files = (folder) => `src/${folder}/${'*/'.repeat(depth - 1)}*.ts`;
  const root = {
    regex: `${toSrc(depth)}[^/]+$`,
    message: 'Nothing imports the application root (app.module, bootstrap, main): it imports everything.',
  };
  return [
    {
      files: GROUND_FLOOR.map(files),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `${toSrc(depth)}(?!(?:${floor})/)[^/]+/`,
                message: `The ground floor (${GROUND_FLOOR.join(', ')}) imports no feature folder: move what both need down here, or let the feature call in.`,
              },
              root,
            ],
          },
        ],
      },
    },
    {
      files: [files('*')],
      ignores: GROUND_FLOOR.map(files),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `${toSrc(depth)}(?!(?:${floor})/)[^/]+/(?![^/]+\\.(?:${publicFile})$)`,
                message: `Another feature is reached only through its public files (*.${PUBLIC_FILE.join(', *.')}): ask its service, or have it export a function that runs its query.`,
              },
              root,
            ],
          },
        ],
      },
    },
  ];
};

const errorVocabulary = {
  // One error vocabulary (libs/contracts errors.ts): the API refuses with a DomainError and a
  // code, never with Nest's HTTP exceptions, whose status and wording a client would have to decode.
  files: ['src/**/*.ts'],
  ignores: ['src/**/*.spec.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector:
          'NewExpression[callee.name=/^(HttpException|(BadRequest|Unauthorized|Forbidden|NotFound|Conflict|Gone|PayloadTooLarge|UnsupportedMediaType|UnprocessableEntity|TooManyRequests|InternalServerError|ServiceUnavailable|NotAcceptable|MethodNotAllowed|RequestTimeout|PreconditionFailed)Exception)$/]',
        message: 'Refuse with a DomainError and a code from libs/contracts errors.ts (common/domain-error.ts), not an HTTP exception.',
      },
    ],
  },
};

export default [...baseConfig, errorVocabulary, ...zones(1), ...zones(2)];
