import { TestBed } from '@angular/core/testing';
import type { MentionView } from '@suivi/contracts';
import { MessageBodyComponent } from './message-body.component';

describe(MessageBodyComponent.name, () => {
  function render(body: string, mentions: MentionView[] = []): HTMLElement {
    const fixture = TestBed.createComponent(MessageBodyComponent);
    fixture.componentRef.setInput('body', body);
    fixture.componentRef.setInput('mentions', mentions);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows markup written in a message as text: no element is created, nothing runs', () => {
    const attack = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true"> <b>bold?</b>';

    const el = render(attack);

    expect(el.querySelector('script, img, b')).toBeNull();
    expect(el.textContent?.trim()).toBe(attack);
    expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('renders the subset: paragraphs, line breaks, emphasis, strong and lists', () => {
    const el = render('First *line*\nsecond **line**\n\n- one\n- _two_\n\n1. first\n2. second');

    expect(el.querySelectorAll('p')).toHaveLength(1);
    expect(el.querySelectorAll('p br')).toHaveLength(1);
    expect(el.querySelector('em')?.textContent).toBe('line');
    expect(el.querySelector('strong')?.textContent).toBe('line');
    expect([...el.querySelectorAll('ul li')].map((li) => li.textContent?.trim())).toEqual(['one', 'two']);
    expect(el.querySelector('ul em')?.textContent).toBe('two');
    expect([...el.querySelectorAll('ol li')].map((li) => li.textContent?.trim())).toEqual(['first', 'second']);
  });

  it('makes http links open apart, telling the target nothing and endorsing nothing', () => {
    const el = render('Decree: [the text](https://sgg-mali.ml/decret.pdf) and https://example.org/a.');

    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['https://sgg-mali.ml/decret.pdf', 'the text'],
      ['https://example.org/a', 'https://example.org/a'],
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
    }
  });

  it('does not make a link of another scheme', () => {
    const el = render('[click](javascript:alert(1)) [data](data:text/html,hi)');

    expect(el.querySelector('a')).toBeNull();
    expect(el.textContent).toContain('[click](javascript:alert(1))');
  });

  it('marks the mentions the message made, and only those', () => {
    const el = render('Merci @Baobab 4F2A et @Aminata Traoré, pas @personne', [
      { kind: 'pseudonym', label: 'Baobab 4F2A' },
      { kind: 'member', id: 'user-2', label: 'Aminata Traoré' },
    ]);

    expect([...el.querySelectorAll('.mention')].map((m) => m.textContent)).toEqual(['@Baobab 4F2A', '@Aminata Traoré']);
    expect(el.textContent).toContain('pas @personne');
  });
});
