import { describe, expect, it } from '@jest/globals';
import { resourceIndicatorProblem } from './resource-indicator.js';

describe('resourceIndicatorProblem', () => {
  it.each(['https://api.example.com', 'https://api.example.com/v1?tenant=a', 'urn:example:api'])(
    'accepts %s',
    (uri) => expect(resourceIndicatorProblem(uri)).toBeUndefined(),
  );

  it.each([
    ['api.example.com', /absolute URI/],
    ['/v1', /absolute URI/],
    ['https://api.example.com/ v1', /absolute URI/],
    ['https://api.example.com/#top', /fragment/],
  ])('refuses %s', (uri, rule) => expect(resourceIndicatorProblem(uri)).toMatch(rule));
});
