import { describe, expect, it } from 'vitest';
import { captionOf, settleWords, tailOf } from './caption-text';

describe('tailOf', () => {
  it.each([
    ['short text stays whole', 'hello world', 20, 'hello world'],
    ['surrounding space goes', '  hello  ', 20, 'hello'],
    ['a long text is cut at a word', 'one two three four', 10, 'three four'],
    ['a cut landing on a word start keeps it', 'one two three', 9, 'two three'],
    ['one word longer than the caption keeps its end', 'supercalifragilistic', 5, 'istic'],
    ['nothing is nothing', '', 10, ''],
  ])('%s', (_, text, max, expected) => {
    expect(tailOf(text, max)).toBe(expected);
  });
});

describe('settleWords', () => {
  it.each([
    ['appends final words with a space', 'Hello', ['world.'], 20, 'Hello world.'],
    ['starts from nothing', '', ['Hello'], 20, 'Hello'],
    ['empty finals change nothing', 'Hello', ['', '  '], 20, 'Hello'],
    ['keeps only the tail', 'one two three', ['four five'], 12, 'four five'],
  ])('%s', (_, settled, appended, max, expected) => {
    expect(settleWords(settled, appended, max)).toBe(expected);
  });
});

describe('captionOf', () => {
  it.each([
    ['settled words alone', 'Hello world.', null, 40, { settled: 'Hello world.', interim: '' }],
    [
      'interim words after the settled ones',
      'Hello world.',
      'how are',
      40,
      { settled: 'Hello world.', interim: 'how are' },
    ],
    [
      'interim words push the oldest settled words out',
      'one two three four',
      'five six',
      20,
      { settled: 'three four', interim: 'five six' },
    ],
    [
      'interim words longer than the caption leave no settled words',
      'one two',
      'a very long interim sentence',
      10,
      { settled: '', interim: 'sentence' },
    ],
  ])('%s', (_, settled, interim, max, expected) => {
    expect(captionOf(settled, interim, max)).toEqual(expected);
  });
});
