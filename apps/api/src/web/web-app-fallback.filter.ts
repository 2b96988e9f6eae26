import { ArgumentsHost, Catch, NotFoundException } from '@nestjs/common';
import { LANGUAGE_COOKIE } from '@suivi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { HttpErrorFilter } from '../common/http-exception.filter';
import { indexHtml, pageLocale, pagePreloads } from './web-app';

/**
 * A GET for a page of the web app (/commitments/…, /fr/…) matches no API route: answer with the
 * app's index.html so deep links and reloads work. Under /api a miss stays a JSON 404.
 */
@Catch(NotFoundException)
export class WebAppFallbackFilter extends HttpErrorFilter {
  constructor(private readonly webDir: string) {
    super();
  }

  override catch(exception: NotFoundException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const path = request.url.split('?')[0];
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !path.startsWith('/api/') &&
      path !== '/api' &&
      !path.startsWith('/socket.io') &&
      !/\.[a-z0-9]{2,5}$/i.test(path);
    if (!isPage) {
      super.catch(exception, host);
      return;
    }
    const locale = pageLocale(request.cookies?.[LANGUAGE_COOKIE], request.headers['accept-language']);
    void reply
      .status(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('vary', 'accept-language, cookie')
      .send(indexHtml(this.webDir, pagePreloads(path, locale)));
  }
}
