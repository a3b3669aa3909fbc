/** The W3C's WebVTT parser and validator (`webvtt-parser`), as the export tests use it. */
declare module 'webvtt-parser' {
  /** A node of a cue's text: words, or a tag (`v`, `b`, `i`, `c`, …) holding more nodes. */
  export interface CueNode {
    type: 'text' | 'object';
    /** The tag's name, for objects. */
    name?: string;
    /** The words, for text; the annotation (the speaker), for `v`. */
    value?: string;
    children?: CueNode[];
  }

  export interface ParsedCue {
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: CueNode[] };
  }

  export class WebVTTParser {
    /** `entities`: the character references to decode (`html-entities.json` for all of HTML's). */
    constructor(entities?: Record<string, string>);
    /** Without a mode, cue text is checked too: every error the specification names is listed. */
    parse(
      input: string,
      mode?: 'metadata' | 'chapters',
    ): { cues: ParsedCue[]; errors: { message: string; line: number; col: number }[] };
  }
}
