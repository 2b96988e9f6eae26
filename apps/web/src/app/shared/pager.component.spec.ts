import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { PagerComponent } from './pager.component';

describe(PagerComponent.name, () => {
  function render(page: number, total: number, link?: (page: number) => Record<string, unknown>): HTMLElement {
    TestBed.configureTestingModule({ imports: [PagerComponent, translocoTesting()], providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(PagerComponent);
    fixture.componentRef.setInput('page', page);
    fixture.componentRef.setInput('total', total);
    fixture.componentRef.setInput('pageSize', 20);
    if (link) {
      fixture.componentRef.setInput('link', link);
    }
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('links the pages around this one, keeping the list’s own parameters', () => {
    const el = render(2, 45, (page) => ({ state: 'open', page }));

    expect([...el.querySelectorAll('a')].map((a) => [a.getAttribute('rel'), a.getAttribute('href')])).toEqual([
      ['prev', '/?state=open&page=1'],
      ['next', '/?state=open&page=3'],
    ]);
    expect(textOf(el.querySelector('nav'))).toContain('2');
  });

  it('shows nothing when one page holds it all', () => {
    expect(render(1, 20).querySelector('nav')).toBeNull();
  });
});
