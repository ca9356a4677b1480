// A small History API router with a navigation guard: a page with unsaved changes registers a
// blocker, and every way of leaving (links, the tree, sign-out, browser back/forward) asks first.

import { LOCAL, scopeHref } from './servers';

/** What a page with unsaved changes offers when the user leaves it. */
export interface NavigationBlocker {
  /** Applies the changes; resolves true when they were saved (then the navigation goes on). */
  save(): Promise<boolean>;
}

export interface PendingLeave {
  /** Completes the interrupted navigation without asking again. */
  proceed(): void;
}

type Listener = () => void;

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one. */
  replace?: boolean;
  /**
   * The server whose page `href` is (default: this console's own): an href of the console's URL
   * scheme gets that server's `/servers/<id>` prefix (routes.ts `scopeHref`).
   */
  server?: string;
}

interface HistoryState {
  idx?: number;
}

export class Router {
  private href: string;
  private index: number;
  private blocker: NavigationBlocker | null = null;
  private pending: PendingLeave | null = null;
  private readonly locationListeners = new Set<Listener>();
  private readonly pendingListeners = new Set<Listener>();
  /** Ignore the popstate our own history.go() (undoing a blocked back/forward) causes. */
  private restoring = false;
  /** Accept the next popstate without asking (the user already answered). */
  private bypass = false;

  constructor(private readonly win: Window) {
    this.href = this.currentHref();
    const state = (win.history.state ?? {}) as HistoryState;
    this.index = typeof state.idx === 'number' ? state.idx : 0;
    if (typeof state.idx !== 'number') win.history.replaceState({ ...state, idx: this.index }, '');
  }

  /** Starts following the browser's back and forward buttons. */
  start(): void {
    this.win.removeEventListener('popstate', this.onPopState);
    this.win.addEventListener('popstate', this.onPopState);
    this.setHref(this.currentHref());
  }

  dispose(): void {
    this.win.removeEventListener('popstate', this.onPopState);
  }

  private currentHref(): string {
    return `${this.win.location.pathname}${this.win.location.search}`;
  }

  // ---- location store (useSyncExternalStore) ----

  subscribe = (listener: Listener): (() => void) => {
    this.locationListeners.add(listener);
    return () => this.locationListeners.delete(listener);
  };

  getHref = (): string => this.href;

  private commit(href: string, replace: boolean): void {
    if (href !== this.currentHref()) {
      if (replace) this.win.history.replaceState({ idx: this.index }, '', href);
      else {
        this.index += 1;
        this.win.history.pushState({ idx: this.index }, '', href);
      }
    }
    this.setHref(this.currentHref());
  }

  private setHref(href: string): void {
    if (href === this.href) return;
    this.href = href;
    for (const l of this.locationListeners) l();
  }

  /** Navigates (pushState), asking first when a page has unsaved changes. */
  navigate = (href: string, options: NavigateOptions = {}): void => {
    const target = scopeHref(options.server ?? LOCAL, href);
    if (target === this.currentHref()) return;
    this.guard(() => this.commit(target, options.replace ?? false));
  };

  private onPopState = (event: PopStateEvent): void => {
    const idx = ((event.state ?? {}) as HistoryState).idx ?? 0;
    if (this.restoring) {
      this.restoring = false;
      this.index = idx;
      return;
    }
    const delta = idx - this.index;
    if (this.blocker && !this.bypass && delta !== 0) {
      // The URL has already changed: put it back, then ask.
      this.restoring = true;
      this.win.history.go(-delta);
      this.requestLeave({
        proceed: () => {
          this.bypass = true;
          this.win.history.go(delta);
        },
      });
      return;
    }
    this.bypass = false;
    this.index = idx;
    this.setHref(this.currentHref());
  };

  // ---- guard ----

  /** Registers the page's blocker; returns its removal. */
  block(blocker: NavigationBlocker): () => void {
    this.blocker = blocker;
    return () => {
      if (this.blocker === blocker) this.blocker = null;
    };
  }

  get isBlocked(): boolean {
    return this.blocker !== null;
  }

  /** Runs `action` (a navigation, signing out) now, or after the user answered the unsaved-changes prompt. */
  guard(action: () => void): void {
    if (!this.blocker) action();
    else this.requestLeave({ proceed: action });
  }

  private requestLeave(pending: PendingLeave): void {
    this.pending = pending;
    for (const l of this.pendingListeners) l();
  }

  subscribePending = (listener: Listener): (() => void) => {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  };

  getPending = (): PendingLeave | null => this.pending;

  /**
   * The answer to "Do you want to save changes?": Yes applies and leaves when that worked (stays
   * otherwise); No leaves without saving (no second prompt); Cancel stays with the edits.
   */
  async answer(choice: 'yes' | 'no' | 'cancel'): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    if (choice === 'yes' && this.blocker) {
      const saved = await this.blocker.save();
      if (!saved) {
        this.clearPending();
        return;
      }
    }
    this.clearPending();
    if (choice === 'cancel') return;
    this.blocker = null;
    pending.proceed();
  }

  private clearPending(): void {
    this.pending = null;
    for (const l of this.pendingListeners) l();
  }
}
