import { describe, expect, it } from 'vitest';
import {
  ACTIONS_COLUMN,
  dangerButtonForm,
  dataTable,
  formError,
  searchField,
} from '../src/console/components.ts';
import { html } from '../src/console/html.ts';

const squeezed = (markup: { value: string }): string => markup.value.replace(/\s+/g, ' ');

describe('console components', () => {
  it('renders a table whose caption, headers and empty row escape text and keep markup', () => {
    const table = squeezed(
      dataTable({
        caption: '<i>caption</i>',
        captionHidden: true,
        className: 'users',
        columns: ['Name', { label: '<b>', className: 'custom' }, ACTIONS_COLUMN],
        rows: [],
        empty: html`No rows, see <code>${'<x>'}</code>`,
      }),
    );
    expect(table).toContain('<table class="users">');
    expect(table).toContain('<caption class="visually-hidden"> &lt;i&gt;caption&lt;/i&gt; </caption>');
    expect(table).toContain('<th scope="col" class="custom">&lt;b&gt;</th>');
    expect(table).toContain('<span class="visually-hidden">Actions</span></th>');
    expect(table).toContain('<td colspan="3">No rows, see <code>&lt;x&gt;</code></td>');
  });

  it('renders the given rows, and an empty body without an `empty` text', () => {
    const row = html`<tr>
      <td>${'a&b'}</td>
    </tr>`;
    expect(squeezed(dataTable({ caption: 'T', columns: ['A'], rows: [row] }))).toContain(
      '<tbody> <tr> <td>a&amp;b</td> </tr> </tbody>',
    );
    expect(squeezed(dataTable({ caption: 'T', columns: ['A'], rows: [] }))).toContain('<tbody> </tbody>');
  });

  it('escapes what a danger button form and a search field are given', () => {
    const form = squeezed(
      dangerButtonForm({
        action: '/x?a="b"',
        confirm: 'Remove "<f>"?',
        csrf: 't&k',
        label: 'Remove',
        subject: '<f>',
      }),
    );
    expect(form).toContain('action="/x?a=&quot;b&quot;" data-confirm="Remove &quot;&lt;f&gt;&quot;?"');
    expect(form).toContain('name="_csrf" value="t&amp;k"');
    expect(form).toContain('Remove<span class="visually-hidden"> &lt;f&gt;</span>');
    const field = squeezed(searchField('s', '"><script>', 'Start of a name'));
    expect(field).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(field).toContain('aria-describedby="s-hint"');
  });

  it('renders a form error as a focused alert, with an id only when given one', () => {
    const plain = squeezed(formError('Email "<x>" taken'));
    expect(plain).toBe(
      '<p class="form-error" role="alert" tabindex="-1" data-focus > Email &quot;&lt;x&gt;&quot; taken </p>',
    );
    expect(squeezed(formError('No', 'sign-in-error'))).toContain(
      '<p class="form-error" role="alert" id="sign-in-error" tabindex="-1" data-focus >',
    );
  });
});
