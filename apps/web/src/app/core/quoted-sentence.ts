import { Pipe, type PipeTransform } from '@angular/core';

/** A full stop after a closing quote whose words already end their sentence: `“Off topic.”.` */
const DOUBLED_STOP = /([.!?…])(\s*[”»"’])\.$/u;

/**
 * A sentence that quotes someone's words ("Their reason: “{{reason}}”.") ends once: when the
 * quoted words end with their own full stop, question or exclamation mark, the sentence's
 * closing full stop goes.
 */
export function quotedSentence(text: string): string {
  return text.replace(DOUBLED_STOP, '$1$2');
}

@Pipe({ name: 'quotedSentence' })
export class QuotedSentencePipe implements PipeTransform {
  transform(text: string): string {
    return quotedSentence(text);
  }
}
