import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A route as the HTTP server's router holds it: an OpenAPI-style path and the lower-case methods it answers. */
export interface MountedRoute {
  path: string;
  methods: string[];
}

/**
 * Every route the running app's HTTP server answers, read from its router — Express's route layers or Fastify's
 * route tree — so that whatever mounts a route (a controller, a module, the app itself) shows up.
 */
export async function mountedRoutes(app: INestApplication): Promise<MountedRoute[]> {
  const adapter = app.getHttpAdapter();
  const routes =
    adapter.getType() === 'fastify'
      ? await fastifyRoutes(app as NestFastifyApplication)
      : expressRoutes(adapter.getInstance());
  const byPath = new Map<string, Set<string>>();
  for (const { path, methods } of routes) {
    const openApiPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const known = byPath.get(openApiPath) ?? new Set<string>();
    methods.forEach((method) => known.add(method.toLowerCase()));
    byPath.set(openApiPath, known);
  }
  return [...byPath].map(([path, methods]) => ({ path, methods: [...methods] }));
}

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

function expressRoutes(express: { router: { stack: ExpressLayer[] } }): MountedRoute[] {
  return express.router.stack.flatMap(({ route }) =>
    route ? [route.path].flat().map((path) => ({ path, methods: Object.keys(route.methods) })) : [],
  );
}

/** Fastify prints its routes as a tree, each line a path segment below its parent's: `│   ├── /seg (GET, HEAD)`. */
const TREE_LINE = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, -]+)\))?$/;

async function fastifyRoutes(app: NestFastifyApplication): Promise<MountedRoute[]> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const parents: string[] = [];
  const routes: MountedRoute[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = TREE_LINE.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    const path = (parents[depth - 1] ?? '') + match[2];
    parents[depth] = path;
    if (match[3]) routes.push({ path, methods: match[3].split(', ') });
  }
  return routes;
}
