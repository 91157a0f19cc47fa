/**
 * Loaded by AVA into every test worker (`require` in package.json): once a file's tests and
 * hooks are done and reported, the worker exits instead of waiting for handles a test left to
 * time out on their own (keep-alive sockets, a closing server's idle connections), which held
 * some files' workers — and so a concurrency slot — for 10 s after their last test. Cleanup
 * that matters (child processes, browsers, databases) is still each file's after.always hook,
 * which runs before this.
 */
import { registerCompletionHandler } from "ava";

registerCompletionHandler(() => process.exit());
