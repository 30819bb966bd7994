/**
 * Messages between the extension host and the diagram webview, declared once
 * and imported by both sides; each side validates what it receives with these
 * schemas (sizes capped) before using it.
 */
import { z } from 'zod';

const Text = (max: number) => z.string().max(max);
const Position = { line: z.number().int().min(0).max(10_000_000), character: z.number().int().min(0).max(10_000_000) };

/** A component as the panel lists it. */
export const OutlineComponent = z.strictObject({ id: Text(256), detail: Text(256), ...Position });
/** A scenario as the panel lists it. */
export const OutlineScenario = z.strictObject({ name: Text(400), index: z.number().int().min(0).max(100_000), ...Position });
/** A finding as the panel lists it. */
export const OutlineFinding = z.strictObject({
  severity: z.enum(['error', 'warning', 'info']),
  ruleId: Text(64),
  message: Text(4000),
  /** The component the finding is about, when it is about one. */
  component: Text(256).optional(),
  ...Position,
});

/** host → webview: what to show. */
export const ShowOutlineMessage = z.strictObject({
  type: z.literal('outline'),
  file: Text(1024),
  components: z.array(OutlineComponent).max(100_000),
  scenarios: z.array(OutlineScenario).max(10_000),
  findings: z.array(OutlineFinding).max(10_000),
});

/** Messages the host sends. */
export const HostMessage = z.discriminatedUnion('type', [ShowOutlineMessage]);
export type HostMessage = z.infer<typeof HostMessage>;

/** webview → host: the webview is ready for data (the host sends nothing before). */
export const ReadyMessage = z.strictObject({ type: z.literal('ready') });
/** webview → host: reveal a position of the file in the editor. */
export const RevealMessage = z.strictObject({ type: z.literal('reveal'), ...Position });

/** Messages the webview sends. */
export const WebviewMessage = z.discriminatedUnion('type', [ReadyMessage, RevealMessage]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;

/** The state the webview keeps with setState, so that a reload restores the panel. */
export const PanelState = z.strictObject({ uri: Text(4096) });
export type PanelState = z.infer<typeof PanelState>;
