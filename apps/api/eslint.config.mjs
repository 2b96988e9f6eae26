import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
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
  },
];
