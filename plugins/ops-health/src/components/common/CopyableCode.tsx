import { CodeSnippet } from '@backstage/core-components';

/**
 * Code to copy (an annotation snippet, a restore command): long lines wrap
 * rather than run out of a narrow card, and no line runs under the copy
 * button in its top right corner. The button copies the text as it is.
 *
 * @internal
 */
export function CopyableCode({
  text,
  language,
}: {
  text: string;
  language: 'yaml' | 'bash';
}) {
  return (
    <CodeSnippet
      text={text}
      language={language}
      showCopyCodeButton
      wrapLongLines
      // The copy button is an icon button, 48 px square.
      customStyle={{ paddingRight: 52 }}
    />
  );
}
