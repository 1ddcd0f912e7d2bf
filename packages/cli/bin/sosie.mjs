#!/usr/bin/env node
// The `sosie` command: runs the TypeScript sources directly through tsx, so that the CLI works
// from a checkout after `npm install` without a build step.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
