import { cacheControl } from './cache-headers';

describe(cacheControl.name, () => {
  const get = (url: string) => ({ method: 'GET', url });

  it('keeps nothing of an answer that depends on who asks, nor of a write', () => {
    expect(cacheControl(get('/api/me'), true)).toBe('no-store');
    expect(cacheControl({ method: 'POST', url: '/api/auth/login' }, false)).toBe('no-store');
    expect(cacheControl({ method: 'PATCH', url: '/api/me' }, false)).toBe('no-store');
  });

  it('has caches check public answers again before using them', () => {
    expect(cacheControl(get('/api/dashboard'), false)).toBe('no-cache');
    expect(cacheControl({ method: 'HEAD', url: '/api/files/x' }, false)).toBe('no-cache');
    expect(cacheControl(get('/commitments?page=2'), false)).toBe('no-cache');
    expect(cacheControl(get('/index.html'), false)).toBe('no-cache');
  });

  it('makes only the web app’s hashed files immutable', () => {
    expect(cacheControl(get('/main-ABCD1234.js'), false)).toBe('public, max-age=31536000, immutable');
    expect(cacheControl(get('/styles-5INURTSO.css'), false)).toBe('public, max-age=31536000, immutable');
    expect(cacheControl(get('/api/files/main-ABCD1234.js'), false)).toBe('no-cache');
    expect(cacheControl(get('/i18n/fr.json'), false)).toBe('no-cache');
  });
});
