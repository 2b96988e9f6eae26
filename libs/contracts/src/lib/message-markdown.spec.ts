import { isSafeHref, messageExcerpt, parseInline, parseMessage } from './message-markdown';

describe('message markdown subset', () => {
  it('keeps html and scripts as literal text', () => {
    expect(parseInline('<img src=x onerror=alert(1)> <script>alert(1)</script>')).toEqual([
      { type: 'text', text: '<img src=x onerror=alert(1)> <script>alert(1)</script>' },
    ]);
  });

  it('makes links only of http and https', () => {
    expect(parseInline('[ok](https://example.org/a?b=1) and [bad](javascript:alert(1))')).toEqual([
      { type: 'link', href: 'https://example.org/a?b=1', text: 'ok' },
      { type: 'text', text: ' and [bad](javascript:alert(1))' },
    ]);
    expect(parseInline('see http://example.org/x.')).toEqual([
      { type: 'text', text: 'see ' },
      { type: 'link', href: 'http://example.org/x', text: 'http://example.org/x' },
      { type: 'text', text: '.' },
    ]);
    expect(isSafeHref('data:text/html,hi')).toBe(false);
  });

  it('reads emphasis, strong emphasis and mentions', () => {
    expect(parseInline('**vite** *ou* _pas_ @Baobab 4F2A, @Awa', ['Baobab 4F2A', 'Awa'])).toEqual([
      { type: 'strong', text: 'vite' },
      { type: 'text', text: ' ' },
      { type: 'em', text: 'ou' },
      { type: 'text', text: ' ' },
      { type: 'em', text: 'pas' },
      { type: 'text', text: ' ' },
      { type: 'mention', label: 'Baobab 4F2A' },
      { type: 'text', text: ', ' },
      { type: 'mention', label: 'Awa' },
    ]);
    expect(parseInline('mail me @someone', [])).toEqual([{ type: 'text', text: 'mail me @someone' }]);
    expect(parseInline('file_name_here')).toEqual([{ type: 'text', text: 'file_name_here' }]);
  });

  it('splits paragraphs and lists', () => {
    const blocks = parseMessage('Two points:\n\n- first\n- second\n\n1. un\n2. deux\n\nend\nline');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'list', 'paragraph']);
    expect(blocks[1]).toEqual({
      type: 'list',
      ordered: false,
      items: [[{ type: 'text', text: 'first' }], [{ type: 'text', text: 'second' }]],
    });
    expect(blocks[2]).toMatchObject({ type: 'list', ordered: true });
    expect(blocks[3]).toEqual({ type: 'paragraph', lines: [[{ type: 'text', text: 'end' }], [{ type: 'text', text: 'line' }]] });
  });

  it('gives a plain excerpt', () => {
    expect(messageExcerpt('**Bonjour** à [tous](https://x.org)\n\n- a')).toBe('Bonjour à tous a');
    expect(messageExcerpt('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
