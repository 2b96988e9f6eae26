import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // One error vocabulary (libs/contracts errors.ts): the API refuses with a DomainError and a
    // code, never with Nest's HTTP exceptions, whose status and wording a client would have to decode.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/common/http-exception.filter.ts', 'src/common/uuid.pipe.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'NewExpression[callee.name=/^(HttpException|[A-Z][A-Za-z]*(Request|Unauthorized|Forbidden|NotFound|Conflict|Gone|PayloadTooLarge|UnsupportedMediaType|Unprocessable|TooManyRequests|InternalServerError|ServiceUnavailable)Exception)$/]',
          message: 'Refuse with a DomainError and a code from libs/contracts errors.ts (common/domain-error.ts), not an HTTP exception.',
        },
      ],
    },
  },
];
