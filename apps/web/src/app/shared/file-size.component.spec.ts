import { TestBed } from '@angular/core/testing';
import { textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { FileSizeComponent } from './file-size.component';

describe(FileSizeComponent.name, () => {
  async function shown(bytes: number, lang: 'en' | 'fr'): Promise<string> {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ imports: [FileSizeComponent, translocoTesting()] });
    await TestBed.inject(LanguageService).use(lang);
    const fixture = TestBed.createComponent(FileSizeComponent);
    fixture.componentRef.setInput('bytes', bytes);
    await fixture.whenStable();
    return textOf(fixture.nativeElement as HTMLElement);
  }

  it.each([
    [300, 'en', '1 KB'],
    [850 * 1024, 'en', '850 KB'],
    [2.46 * 1024 * 1024, 'en', '2.5 MB'],
    [2.46 * 1024 * 1024, 'fr', '2,5 Mo'],
    [10 * 1024 * 1024, 'fr', '10 Mo'],
  ] as const)('%d bytes in %s: %s', async (bytes, lang, text) => {
    expect(await shown(bytes, lang)).toBe(text);
  });
});
