import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

// class-transformer keeps @Type() metadata in a storage that its index does not export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Type, property: string): { typeFunction(): unknown } | undefined };
};

/** A route of the running application, with the DTO classes of its body and query. */
export interface RouteSpec {
  method: string;
  /** e.g. /api/threads/:id/messages */
  path: string;
  pathParams: string[];
  body: Type | null;
  /** A @Body() without a DTO class: the handler reads and checks it itself (multipart, CSV). */
  untypedBody: boolean;
  query: Type | null;
  handler: string;
  /** What a decorator set on the handler, or else on its controller (policy, idempotency…). */
  metadata<T>(key: string): T | undefined;
}

/**
 * Every route Nest registered, read from the controllers' own metadata (not the OpenAPI
 * document, which leaves out some query DTOs), so a new controller or DTO is covered without
 * touching the tests.
 */
export function listRoutes(app: INestApplication, prefix = '/api'): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) {
        continue;
      }
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') {
          continue;
        }
        const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (own === undefined) {
          continue;
        }
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number; data?: unknown }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as Array<Type | undefined>;
        let body: Type | null = null;
        let untypedBody = false;
        let query: Type | null = null;
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          const type = types[arg.index];
          const isDto = type && ![Object, String, Number, Boolean, Array].includes(type as never) && arg.data === undefined;
          if (kind === RouteParamtypes.BODY && isDto) {
            body = type;
          } else if (kind === RouteParamtypes.BODY && arg.data === undefined) {
            untypedBody = true;
          } else if (kind === RouteParamtypes.QUERY && isDto) {
            query = type;
          }
        }
        for (const sub of Array.isArray(own) ? own : [own]) {
          const path = `${prefix}/${[base, sub].filter(Boolean).join('/')}`.replace(/\/+/g, '/').replace(/\/$/, '');
          routes.push({
            method,
            path,
            pathParams: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]),
            body,
            untypedBody,
            query,
            handler: `${controller.name}.${name}`,
            metadata: <T>(key: string) => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined,
          });
        }
      }
    }
  }
  return routes;
}

export interface Check {
  /** class-validator's name of the check (isUuid, isIn, maxLength…) or its kind (nestedValidation…). */
  name: string;
  constraints: unknown[];
  each: boolean;
}

export interface FieldSpec {
  name: string;
  checks: Check[];
  /** The DTO class of a nested object (or of each element of a nested array). */
  nested: Type | null;
}

/** The validated fields of a DTO class, with their checks, from class-validator's metadata. */
export function fieldsOf(dto: Type): FieldSpec[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byName = new Map<string, FieldSpec>();
  for (const m of metadata) {
    const field = byName.get(m.propertyName) ?? { name: m.propertyName, checks: [], nested: null };
    field.checks.push({ name: m.name ?? m.type, constraints: m.constraints ?? [], each: Boolean(m.each) });
    byName.set(m.propertyName, field);
  }
  for (const field of byName.values()) {
    const type = defaultMetadataStorage.findTypeMetadata(dto, field.name)?.typeFunction();
    if (type && ![String, Number, Boolean, Date, Object].includes(type as never)) {
      field.nested = type as Type;
    }
  }
  return [...byName.values()];
}

/** Field names at every depth (`indicators`, `unit`, `en`…), as a 400's message may name them. */
export function fieldNames(dto: Type, seen = new Set<Type>()): string[] {
  if (seen.has(dto)) {
    return [];
  }
  seen.add(dto);
  return fieldsOf(dto).flatMap((f) => [f.name, ...(f.nested ? fieldNames(f.nested, seen) : [])]);
}
