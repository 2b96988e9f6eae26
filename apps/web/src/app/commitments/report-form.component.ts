import { HttpEventType, type HttpResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import {
  type AbstractControl,
  type FormControl,
  FormRecord,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type Bilingual,
  type CommitmentView,
  EVIDENCE_LINKS_MAX,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_PIXELS,
  EVIDENCE_MAX_FILES,
  EVIDENCE_MEDIA_TYPES,
  NARRATIVE_MAX_LENGTH,
  PROGRESS_STATUSES,
  type ProgressStatus,
  type ReportInput,
  type ReportKind,
  type ReportView,
  can,
} from '@suivi/contracts';
import { filter, lastValueFrom, map, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe, LocalNumberPipe, UnitPipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { FileSizeComponent } from '../shared/file-size.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { type FieldError, type FormTexts, describedBy, fieldError, fieldErrors, formChanges, notBlank } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { ReportsApi } from './reports-api.service';
import { SayPipe } from '../core/say.pipe';

/** A whole number from 0 to 100, or nothing. */
export function percentRange(control: AbstractControl): ValidationErrors | null {
  const value = control.value as number | null;
  if (value === null || (value as unknown) === '') {
    return null;
  }
  return Number.isInteger(value) && value >= 0 && value <= 100 ? null : { percentRange: true };
}

/** An absolute http or https link (the API accepts no other scheme). */
export function httpLink(control: AbstractControl): ValidationErrors | null {
  const value = String(control.value ?? '').trim();
  if (!value) {
    return null;
  }
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? null : { url: true };
  } catch {
    return { url: true };
  }
}

/** The narrative in at least one language. */
export function someNarrative(group: AbstractControl): ValidationErrors | null {
  const { en, fr } = group.value as { en?: string; fr?: string };
  return en?.trim() || fr?.trim() ? null : { narrativeRequired: true };
}

const EVIDENCE_EXTENSIONS = /\.(pdf|png|jpe?g)$/i;

/**
 * Adds the files a person picked to those already chosen, keeping only what the API accepts:
 * PDF, PNG or JPEG (by type, or by name where the browser gives no type), 10 MB each, five in
 * all. What is left out comes back as messages naming the file. The API checks the bytes again.
 */
export function addEvidence(chosen: readonly File[], picked: readonly File[]): { files: File[]; problems: FieldError[] } {
  const files = [...chosen];
  const problems: FieldError[] = [];
  const maxMb = EVIDENCE_MAX_BYTES / 1024 / 1024;
  for (const file of picked) {
    const typed = (EVIDENCE_MEDIA_TYPES as readonly string[]).includes(file.type) || (!file.type && EVIDENCE_EXTENSIONS.test(file.name));
    if (!typed) {
      problems.push({ key: 'forms.errors.fileTypeNamed', params: { name: file.name } });
    } else if (file.size > EVIDENCE_MAX_BYTES) {
      problems.push({ key: 'forms.errors.fileSizeNamed', params: { name: file.name, max: maxMb } });
    } else if (files.length >= EVIDENCE_MAX_FILES) {
      problems.push({ key: 'forms.errors.tooManyFilesNamed', params: { name: file.name, max: EVIDENCE_MAX_FILES } });
    } else if (!files.some((f) => f.name === file.name && f.size === file.size)) {
      files.push(file);
    }
  }
  return { files, problems };
}

export interface ReportFormValue {
  status: ProgressStatus | '';
  percent: number | null;
  narrative: { en: string; fr: string };
  evidenceLinks: string[];
  indicatorValues: Record<string, number | null>;
  correctsId: string;
}

/** The request for what the form holds: only what was given, trimmed. */
export function toReportInput(kind: ReportKind, value: ReportFormValue): ReportInput {
  const narrative: Bilingual = {};
  if (value.narrative.en.trim()) {
    narrative.en = value.narrative.en.trim();
  }
  if (value.narrative.fr.trim()) {
    narrative.fr = value.narrative.fr.trim();
  }
  const input: ReportInput = { kind, status: value.status as ProgressStatus, narrative };
  if (value.percent !== null) {
    input.percent = value.percent;
  }
  const links = value.evidenceLinks.map((l) => l.trim()).filter(Boolean);
  if (links.length) {
    input.evidenceLinks = links;
  }
  const indicators = Object.entries(value.indicatorValues).filter((e): e is [string, number] => typeof e[1] === 'number');
  if (indicators.length) {
    input.indicatorValues = Object.fromEntries(indicators);
  }
  if (value.correctsId) {
    input.correctsId = value.correctsId;
  }
  return input;
}

/**
 * The API's `evidence` is the files' control; the narrative and the percentage keep the form's
 * own words, which say what to write rather than what went wrong.
 */
const REPORT_TEXTS: FormTexts = {
  aliases: { evidence: 'evidenceFiles' },
  fields: {
    narrative: { one_language: 'forms.errors.narrativeRequired', required: 'forms.errors.narrativeRequired' },
    percent: {
      min: 'forms.errors.percentRange',
      max: 'forms.errors.percentRange',
      integer: 'forms.errors.percentRange',
      number: 'forms.errors.percentRange',
    },
  },
};

/**
 * A progress report (self-report) or an independent assessment on one commitment, shown only to
 * whoever the API's rules let post it. The draft lives here: live updates of the page change
 * the inputs, never the form.
 */
@Component({
  selector: 'suivi-report-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    SayPipe,
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    UnitPipe,
    BilingualTextComponent,
    FieldErrorComponent,
    FileSizeComponent,
    FormFailureComponent,
  ],
  templateUrl: './report-form.component.html',
})
export class ReportFormComponent {
  readonly kind = input.required<ReportKind>();
  readonly commitment = input.required<CommitmentView>();
  /** Reports this one may correct: same kind, on this commitment. */
  readonly correctable = input<readonly ReportView[]>([]);
  readonly submitted = output<ReportView>();
  /** While a report is on its way: the server may push it back to the page before it answers. */
  readonly sendingChange = output<boolean>();

  private readonly api = inject(ReportsApi);
  private readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly statuses = PROGRESS_STATUSES;
  protected readonly linksMax = EVIDENCE_LINKS_MAX;
  protected readonly filesMax = EVIDENCE_MAX_FILES;
  protected readonly fileMaxMb = EVIDENCE_MAX_BYTES / 1024 / 1024;
  protected readonly fileMaxMegapixels = EVIDENCE_MAX_PIXELS / 1e6;
  protected readonly accept = ['.pdf', '.png', '.jpg', '.jpeg', ...EVIDENCE_MEDIA_TYPES].join(',');
  protected readonly describedBy = describedBy;

  /** The same rules as the API's. */
  protected readonly allowed = computed(() => {
    const viewer = this.auth.viewer();
    const owner = { ownerId: this.commitment().owner.id };
    return this.kind() === 'self_report' ? can.selfReport(viewer, owner) : can.assess(viewer, owner);
  });
  /** Prefix of the form's ids, so both forms fit on one page. */
  protected readonly idp = computed(() => (this.kind() === 'self_report' ? 'self' : 'assess'));

  protected readonly open = signal(false);
  /** One control per indicator, keyed by its index as the API expects. */
  private readonly indicatorValues = new FormRecord<FormControl<number | null>>({});
  protected readonly form = this.fb.group({
    status: this.fb.control<ProgressStatus | ''>('', Validators.required),
    percent: this.fb.control<number | null>(null, percentRange),
    narrative: this.fb.group(
      {
        en: ['', [notBlank, Validators.maxLength(NARRATIVE_MAX_LENGTH)]],
        fr: ['', [notBlank, Validators.maxLength(NARRATIVE_MAX_LENGTH)]],
      },
      { validators: someNarrative },
    ),
    evidenceLinks: this.fb.array<FormControl<string>>([]),
    indicatorValues: this.indicatorValues,
    correctsId: [''],
    /** Files to upload with the report; a refusal by the API lands here. */
    evidenceFiles: this.fb.control<File[]>([]),
  });
  /** Files left out when picked, each with why. */
  protected readonly fileProblems = signal<FieldError[]>([]);
  /** Percent of the upload sent, while evidence files are on their way. */
  protected readonly progress = signal<number | null>(null);
  /** What the live region says: every quarter, not every percent, so a screen reader is not flooded. */
  protected readonly progressSaid = computed(() => {
    const p = this.progress();
    return p === null ? null : Math.floor(p / 25) * 25;
  });
  protected readonly published = signal<ReportView | null>(
    null,
  ); /** Nothing typed or chosen is lost on a refusal: the form keeps it all for another try. */
  protected readonly cycle = new FormSubmit(this.form, () => this.formElement()?.nativeElement, REPORT_TEXTS);
  private readonly changes = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.changes();
    const show = this.cycle.submitted();
    const narrative = this.form.controls.narrative;
    const none = (c: AbstractControl): FieldError | null => (show ? fieldError(c) : null);
    return {
      ...fieldErrors(this.form, show),
      narrativeEn: none(narrative.controls.en),
      narrativeFr: none(narrative.controls.fr),
      links: this.form.controls.evidenceLinks.controls.map(none),
      indicators: this.commitment().indicators.map((_, i) => {
        const control = this.indicatorValues.get(String(i));
        return control ? none(control) : null;
      }),
    };
  });
  protected readonly linkCount = computed(() => {
    this.changes();
    return this.form.controls.evidenceLinks.length;
  });
  protected readonly files = computed(() => {
    this.changes();
    return this.form.controls.evidenceFiles.value;
  });
  protected readonly fileErrors = computed(() => {
    const server = this.errors().evidenceFiles;
    return [...this.fileProblems(), ...(server ? [server] : [])];
  });

  private readonly formElement = viewChild<ElementRef<HTMLFormElement>>('reportForm');
  private readonly doneElement = viewChild<ElementRef<HTMLElement>>('done');

  constructor() {
    // One field per indicator; a live update that keeps their number keeps what was typed.
    effect(() => {
      const count = this.commitment().indicators.length;
      untracked(() => {
        const group = this.indicatorValues;
        for (let i = 0; i < count; i++) {
          if (!group.contains(String(i))) {
            group.addControl(String(i), this.fb.control<number | null>(null), { emitEvent: false });
          }
        }
        for (const key of Object.keys(group.controls)) {
          if (Number(key) >= count) {
            group.removeControl(key, { emitEvent: false });
          }
        }
      });
    });
  }

  protected toggle(): void {
    this.open.update((o) => !o);
    this.published.set(null);
    if (this.open()) {
      afterNextRender(() => this.formElement()?.nativeElement.querySelector<HTMLElement>('select')?.focus(), {
        injector: this.injector,
      });
    }
  }

  protected addLink(): void {
    if (this.form.controls.evidenceLinks.length >= EVIDENCE_LINKS_MAX) {
      return;
    }
    this.form.controls.evidenceLinks.push(this.fb.control('', [Validators.required, notBlank, httpLink]));
    const index = this.form.controls.evidenceLinks.length - 1;
    afterNextRender(() => this.formElement()?.nativeElement.querySelector<HTMLElement>(`#${this.idp()}-link-${index}`)?.focus(), {
      injector: this.injector,
    });
  }

  protected removeLink(index: number): void {
    this.form.controls.evidenceLinks.removeAt(index);
    afterNextRender(() => this.formElement()?.nativeElement.querySelector<HTMLElement>(`#${this.idp()}-add-link`)?.focus(), {
      injector: this.injector,
    });
  }

  protected pickFiles(event: Event): void {
    const input = event.target as HTMLInputElement;
    const { files, problems } = addEvidence(this.form.controls.evidenceFiles.value, Array.from(input.files ?? []));
    this.form.controls.evidenceFiles.setValue(files);
    this.fileProblems.set(problems);
    // The same file can be picked again after being removed.
    input.value = '';
  }

  protected removeFile(index: number): void {
    const files = this.form.controls.evidenceFiles.value;
    this.form.controls.evidenceFiles.setValue(files.filter((_, i) => i !== index));
    this.fileProblems.set([]);
    afterNextRender(() => this.formElement()?.nativeElement.querySelector<HTMLElement>(`#${this.idp()}-files`)?.focus(), {
      injector: this.injector,
    });
  }

  protected indicatorControl(index: number): FormControl<number | null> {
    return this.indicatorValues.get(String(index)) as FormControl<number | null>;
  }

  protected async submit(): Promise<void> {
    this.published.set(null);
    if (!this.cycle.check()) {
      return;
    }
    this.sendingChange.emit(true);
    const input = toReportInput(this.kind(), this.form.getRawValue() as ReportFormValue);
    const files = this.form.controls.evidenceFiles.value;
    await this.cycle.send(
      () => (files.length ? this.upload(input, files) : this.api.create(this.commitment().id, input)),
      (report) => {
        this.submitted.emit(report);
        this.reset();
        this.published.set(report);
        afterNextRender(() => this.doneElement()?.nativeElement.focus(), { injector: this.injector });
      },
    );
    this.sendingChange.emit(false);
    this.progress.set(null);
  }

  /** The report with its files, as multipart, following the upload's progress. */
  private upload(input: ReturnType<typeof toReportInput>, files: readonly File[]): Promise<ReportView> {
    this.progress.set(0);
    return lastValueFrom(
      this.api.createWithEvidence(this.commitment().id, input, files).pipe(
        tap((event) => {
          if (event.type === HttpEventType.UploadProgress && event.total) {
            this.progress.set(Math.round((100 * event.loaded) / event.total));
          }
        }),
        filter((event): event is HttpResponse<ReportView> => event.type === HttpEventType.Response),
        map((response) => response.body as ReportView),
      ),
    );
  }

  private reset(): void {
    this.fileProblems.set([]);
    this.form.controls.evidenceLinks.clear({ emitEvent: false });
    const indicators = Object.fromEntries(Object.keys(this.indicatorValues.controls).map((k) => [k, null]));
    this.form.reset({ status: '', percent: null, narrative: { en: '', fr: '' }, indicatorValues: indicators, correctsId: '' });
    this.cycle.start();
    this.open.set(false);
  }
}
