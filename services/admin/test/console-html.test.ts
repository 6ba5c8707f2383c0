import { describe, expect, it } from 'vitest';
import { html, jsonScript, raw } from '../src/console/html.ts';
import { accountPath, queryString } from '../src/console/format.ts';
import { safeReturnPath } from '../src/console/request.ts';

describe('console html', () => {
  it('escapes every interpolation unless it is markup made by html or raw', () => {
    const name = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</td>',
    );
    expect(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(html`${raw('<hr>')}`.value).toBe('<hr>');
  });

  it('renders arrays, numbers and nothing for null, undefined and false', () => {
    const items = ['a', '<b>'].map((item) => html`<li>${item}</li>`);
    expect(
      html`<ul>
        ${items}
      </ul>`.value.replace(/\s+/g, ''),
    ).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
    expect(html`${0}|${null}|${undefined}|${false}|${true}`.value).toBe('0||||true');
  });

  it('keeps JSON data from closing its script element', () => {
    const text = jsonScript({ token: '</script><script>alert(1)</script>', line: '\u2028' }).value;
    expect(text).not.toContain('</script>');
    expect(JSON.parse(text)).toEqual({ token: '</script><script>alert(1)</script>', line: '\u2028' });
  });

  it('encodes URL segments and query strings', () => {
    expect(accountPath('acme', 'users', 'a/b?c')).toBe('/console/accounts/acme/users/a%2Fb%3Fc');
    expect(queryString({ search: 'a&b', empty: '', none: undefined, count: 25 })).toBe(
      '?search=a%26b&count=25',
    );
    expect(queryString({})).toBe('');
  });

  it('returns after sign-in only to console and queue dashboard paths of this origin', () => {
    expect(safeReturnPath('/console/accounts/acme/users?search=x')).toBe(
      '/console/accounts/acme/users?search=x',
    );
    expect(safeReturnPath('/console')).toBe('/console');
    expect(safeReturnPath('/queues')).toBe('/queues');
    for (const path of [
      '/queuesx',
      '/queues//evil',
      '//evil.example/console',
      'https://evil.example/console',
      '/consolex',
      '/console//evil',
      '/api/v1',
      '/console/\\evil',
    ])
      expect(safeReturnPath(path), path).toBeUndefined();
  });
});
