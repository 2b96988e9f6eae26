/** The file cannot be read as what its bytes claim; the message is for the uploader. */
export class MalformedFile extends Error {}

/** An image past the size we decode: refused from its header, before any pixel is decoded. */
export class ImageTooLarge extends MalformedFile {}
