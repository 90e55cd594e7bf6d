// A language worker's copy of the project. The languages sandbox sends an invoke's `files` only when they differ from
// the last set it sent that worker (workers/protocol.ts LanguageWorkerRequest): a warm run of an unchanged project
// copies nothing. The worker keeps the last set for the invokes that come without.
import type { Files } from '../protocol';

export class ProjectFiles {
  #files: Files = {};

  /**
   * The project of an invoke, taken in the order the invokes arrived (before any await): the files it carries, else
   * the last set. The same object while the project is unchanged, so `files === last` says nothing changed.
   */
  take(sent: Files | undefined): Files {
    if (sent) this.#files = sent;
    return this.#files;
  }
}
