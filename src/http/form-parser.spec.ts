import { describe, expect, it } from '@jest/globals';
import { InvalidRequest } from '../exceptions/index.js';
import { fromParsedBody, parseForm } from './form-parser.js';

describe('parseForm', () => {
  it('decodes + and percent escapes', () => {
    expect(parseForm('a=x+y&b=%C3%A9%3D')).toEqual({ a: 'x y', b: 'é=' });
  });

  it('treats empty values as absent and ignores empty pairs', () => {
    const params = parseForm('scope=&&grant_type=password&flag');
    expect(params).toEqual({ grant_type: 'password' });
    expect('scope' in params).toBe(false);
  });

  it('rejects a repeated name, even when one value is empty', () => {
    expect(() => parseForm('a=1&a=2')).toThrow(InvalidRequest);
    expect(() => parseForm('a=&a=2')).toThrow(InvalidRequest);
  });

  it('takes bracket names literally and never touches the prototype', () => {
    const params = parseForm('a[]=1&__proto__[x]=1&__proto__=y&constructor=z');
    expect(params['a[]']).toBe('1');
    expect(params['__proto__[x]']).toBe('1');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf(params)).toBeNull();
  });

  it('rejects a broken percent escape', () => {
    expect(() => parseForm('a=%E0%A4%A')).toThrow(InvalidRequest);
  });
});

describe('fromParsedBody', () => {
  it('accepts single strings and drops empty ones', () => {
    expect(fromParsedBody({ a: '1', b: '' })).toEqual({ a: '1' });
  });

  it('rejects arrays and objects made by another parser', () => {
    expect(() => fromParsedBody({ grant_type: ['a', 'b'] })).toThrow(InvalidRequest);
    expect(() => fromParsedBody({ grant_type: { x: '1' } })).toThrow(InvalidRequest);
  });

  it('reads no body as no parameters', () => {
    expect(fromParsedBody(undefined)).toEqual({});
  });
});
